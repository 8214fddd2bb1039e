import type { DashboardTemplate, DashboardWidget } from '@mailpulse/contracts';

/** Starter layouts a member may begin a dashboard from; every widget fits the layout rules (see the layout spec). */
export const DASHBOARD_TEMPLATE_WIDGETS: Record<DashboardTemplate, readonly DashboardWidget[]> = {
  deliverability: [
    { id: 'delivery-rate', kind: 'kpi', title: 'Delivery rate', metric: 'delivery_rate', range: '7d', position: { x: 0, y: 0, w: 3, h: 2 } },
    { id: 'bounce-rate', kind: 'kpi', title: 'Bounce rate', metric: 'bounce_rate', range: '7d', position: { x: 3, y: 0, w: 3, h: 2 } },
    { id: 'complaint-rate', kind: 'kpi', title: 'Complaint rate', metric: 'complaint_rate', range: '7d', position: { x: 6, y: 0, w: 3, h: 2 } },
    { id: 'unsubscribe-rate', kind: 'kpi', title: 'Unsubscribe rate', metric: 'unsubscribe_rate', range: '7d', position: { x: 9, y: 0, w: 3, h: 2 } },
    { id: 'bounces', kind: 'timeseries', title: 'Bounces', metric: 'bounces', range: '7d', position: { x: 0, y: 2, w: 8, h: 4 } },
    { id: 'anomalies', kind: 'anomalies', title: 'Anomalies', range: '7d', position: { x: 8, y: 2, w: 4, h: 4 } },
    { id: 'domains', kind: 'top-domains', title: 'Recipient domains', range: '30d', position: { x: 0, y: 6, w: 12, h: 4 } },
  ],
  engagement: [
    { id: 'opens', kind: 'kpi', title: 'Human opens', metric: 'opens', verdict: 'human', range: '24h', position: { x: 0, y: 0, w: 3, h: 2 } },
    { id: 'clicks', kind: 'kpi', title: 'Human clicks', metric: 'clicks', verdict: 'human', range: '24h', position: { x: 3, y: 0, w: 3, h: 2 } },
    { id: 'open-rate', kind: 'kpi', title: 'Open rate', metric: 'open_rate', verdict: 'human', range: '7d', position: { x: 6, y: 0, w: 3, h: 2 } },
    { id: 'click-rate', kind: 'kpi', title: 'Click rate', metric: 'click_rate', verdict: 'human', range: '7d', position: { x: 9, y: 0, w: 3, h: 2 } },
    { id: 'opens-over-time', kind: 'timeseries', title: 'Opens, human and machine', metric: 'opens', verdict: 'total', range: '7d', position: { x: 0, y: 2, w: 8, h: 4 } },
    { id: 'live', kind: 'live-feed', title: 'Live events', range: '1h', position: { x: 8, y: 2, w: 4, h: 4 } },
    { id: 'funnel', kind: 'funnel', title: 'Latest campaign funnel', range: '30d', position: { x: 0, y: 6, w: 6, h: 4 } },
    { id: 'links', kind: 'top-links', title: 'Top links', range: '30d', position: { x: 6, y: 6, w: 6, h: 4 } },
  ],
};
