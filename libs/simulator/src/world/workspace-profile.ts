/** The simulated sender: one shop with its own domain, mail servers, machines and team. */
export const WORKSPACE_PROFILE = {
  brand: 'Lumen Outfitters',
  siteUrl: 'https://www.lumen-outfitters.example',
  sendingDomain: 'news.lumen-outfitters.example',
  esp: 'mailpulse-mta',
  smtpHosts: [
    'smtp-1.lumen-outfitters.example',
    'smtp-2.lumen-outfitters.example',
  ],
  vpsHosts: ['app-1', 'smtp-1', 'smtp-2'],
  teamUserIds: ['u-anna', 'u-ben', 'u-chloe', 'u-dario'],
  currency: 'EUR',
} as const;
