import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { provideEchartsCore } from 'ngx-echarts';
import { appRoutes } from './app.routes';
import { apiCatalogInterceptor } from './http/api-catalog';
import { workspaceInterceptor } from './session/workspace.interceptor';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(appRoutes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'top' })),
    provideHttpClient(withFetch(), withInterceptors([apiCatalogInterceptor, workspaceInterceptor])),
    // ECharts (and only the parts the portal uses) loads with the first chart, not with the app.
    provideEchartsCore({ echarts: () => import('./ui/echarts-setup') }),
  ],
};
