import { Route } from '@angular/router';
import { authGuard, signedOutGuard } from './session/auth.guard';
import { Layout } from './shell/layout';

/** Every page is its own lazily loaded chunk; all but sign-in need a session. */
export const appRoutes: Route[] = [
  { path: 'sign-in', canActivate: [signedOutGuard], title: 'Sign in · Mailpulse', loadComponent: () => import('./session/sign-in.page').then((m) => m.SignInPage) },
  {
    path: '',
    component: Layout,
    canActivate: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'overview' },
      { path: 'overview', title: 'Overview · Mailpulse', loadComponent: () => import('./overview/overview.page').then((m) => m.OverviewPage) },
      { path: 'dashboards', title: 'Dashboards · Mailpulse', loadComponent: () => import('./dashboards/dashboards.page').then((m) => m.DashboardsPage) },
      { path: 'dashboards/:id', title: 'Dashboard · Mailpulse', loadComponent: () => import('./dashboards/dashboard.page').then((m) => m.DashboardPage) },
      { path: 'campaigns', title: 'Campaigns · Mailpulse', loadComponent: () => import('./campaigns/campaigns.page').then((m) => m.CampaignsPage) },
      { path: 'campaigns/compare', title: 'Compare campaigns · Mailpulse', loadComponent: () => import('./campaigns/campaign-compare.page').then((m) => m.CampaignComparePage) },
      { path: 'campaigns/:campaignId', title: 'Campaign · Mailpulse', loadComponent: () => import('./campaigns/campaign-detail.page').then((m) => m.CampaignDetailPage) },
      { path: 'contacts', title: 'Contacts · Mailpulse', loadComponent: () => import('./contacts/contacts.page').then((m) => m.ContactsPage) },
      { path: 'deliverability', title: 'Deliverability · Mailpulse', loadComponent: () => import('./deliverability/deliverability.page').then((m) => m.DeliverabilityPage) },
      { path: 'benchmarks', title: 'Industry benchmarks · Mailpulse', loadComponent: () => import('./benchmarks/benchmarks.page').then((m) => m.BenchmarksPage) },
      { path: 'anomalies', title: 'Anomalies & alerts · Mailpulse', loadComponent: () => import('./anomalies/anomalies.page').then((m) => m.AnomaliesPage) },
      { path: 'predictions', title: 'Predictions · Mailpulse', loadComponent: () => import('./predictions/predictions.page').then((m) => m.PredictionsPage) },
      { path: 'reports', title: 'Reports & exports · Mailpulse', loadComponent: () => import('./reports/reports.page').then((m) => m.ReportsPage) },
      { path: 'settings', title: 'Settings · Mailpulse', loadComponent: () => import('./settings/settings.page').then((m) => m.SettingsPage) },
      { path: '**', title: 'Not found · Mailpulse', loadComponent: () => import('./shell/not-found.page').then((m) => m.NotFoundPage) },
    ],
  },
];
