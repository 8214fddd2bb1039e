import { HttpBackend, HttpClient, HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom, from, switchMap, throwError } from 'rxjs';

/** The API's OpenAPI document; it lists every route this server has. */
export const API_DOCS_JSON_PATH = '/api/docs-json';

interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
}

/** "/v1/campaigns/{id}" → a pattern for "/v1/campaigns/spring". */
export function routePattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

export class RouteTable {
  private readonly routes: Array<{ method: string; pattern: RegExp }> = [];

  constructor(doc: OpenApiDocument) {
    for (const [template, methods] of Object.entries(doc.paths ?? {})) {
      for (const method of Object.keys(methods)) this.routes.push({ method: method.toUpperCase(), pattern: routePattern(template) });
    }
  }

  has(method: string, path: string): boolean {
    const bare = path.split('?')[0];
    return this.routes.some((r) => r.method === method.toUpperCase() && r.pattern.test(bare));
  }
}

/**
 * Which API routes this server has, read once from its OpenAPI document. Pages for features the server does not
 * have yet then show "not available yet" without asking for a route that would only answer 404.
 */
@Injectable({ providedIn: 'root' })
export class ApiCatalog {
  // The raw backend: the catalog's own request must not pass through the interceptor that consults it.
  private readonly http = new HttpClient(inject(HttpBackend));
  private table: Promise<RouteTable | null> | null = null;

  routes(): Promise<RouteTable | null> {
    this.table ??= firstValueFrom(this.http.get<OpenApiDocument>(API_DOCS_JSON_PATH))
      .then((doc) => new RouteTable(doc))
      // A server without the document: ask every route and let it answer for itself.
      .catch(() => null);
    return this.table;
  }
}

/** Answers a request for a route the server lacks with the same 404 the server would give, without sending it. */
export const apiCatalogInterceptor: HttpInterceptorFn = (req, next) => {
  if (!req.url.startsWith('/v1/') || req.url.startsWith('/v1/auth/')) return next(req);
  const catalog = inject(ApiCatalog);
  return from(catalog.routes()).pipe(
    switchMap((table) => {
      if (!table || table.has(req.method, req.url)) return next(req);
      const message = `No route ${req.method} ${req.url.split('?')[0]}`;
      return throwError(() => new HttpErrorResponse({ status: 404, statusText: 'Not Found', url: req.url, error: { error: { code: 'not_found', message } } }));
    }),
  );
};
