/** Every page of the portal, in the order the navigation shows them. */
export interface NavItem {
  path: string;
  label: string;
  /** One line under the page title. */
  blurb: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/overview', label: 'Overview', blurb: 'Live counts and rates for the whole workspace.' },
  { path: '/dashboards', label: 'Dashboards', blurb: 'Your own arrangements of widgets, private or shared with the workspace.' },
  { path: '/campaigns', label: 'Campaigns', blurb: 'Every campaign with its rates; open one for its funnel, links and A/B result.' },
  { path: '/contacts', label: 'Contacts', blurb: 'Find a contact and follow their journey.' },
  { path: '/deliverability', label: 'Deliverability', blurb: 'Bounces, complaints, DNS authentication and sending infrastructure.' },
  { path: '/benchmarks', label: 'Benchmarks', blurb: 'Your rates beside published industry averages.' },
  { path: '/anomalies', label: 'Anomalies & alerts', blurb: 'Unusual movements and the alerts they raised.' },
  { path: '/predictions', label: 'Predictions', blurb: 'Forecasts and what to do next.' },
  { path: '/reports', label: 'Reports & exports', blurb: 'Scheduled reports and data exports.' },
  { path: '/settings', label: 'Settings', blurb: 'API keys, members and roles, webhooks, alert rules, retention, audit log.' },
];
