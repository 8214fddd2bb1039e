/** Kinds of campaign the simulated shop sends, with their true appeal and commerce figures. */
export interface CampaignTheme {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly openAppeal: number;
  readonly clickAppeal: number;
  readonly conversionRate: number;
  readonly medianOrderValue: number;
  readonly discount: boolean;
  /** Content link paths, most prominent first. */
  readonly paths: readonly string[];
}

export const CAMPAIGN_THEMES: readonly CampaignTheme[] = [
  {
    name: 'New arrivals',
    subjects: ['New in: the linen edit', 'Just landed: pieces for warmer days'],
    openAppeal: 1,
    clickAppeal: 1,
    conversionRate: 0.05,
    medianOrderValue: 72,
    discount: false,
    paths: [
      '/collections/new-in',
      '/products/linen-shirt',
      '/products/relaxed-chinos',
      '/collections/linen',
      '/stores',
    ],
  },
  {
    name: 'Flash sale',
    subjects: [
      '48 hours only: the flash sale is on',
      'Flash sale: our favourites, marked down',
    ],
    openAppeal: 1.15,
    clickAppeal: 1.2,
    conversionRate: 0.08,
    medianOrderValue: 54,
    discount: true,
    paths: ['/sale', '/sale/women', '/sale/men', '/sale/accessories'],
  },
  {
    name: 'Weekly picks',
    subjects: ['Five things we love this week', 'This week at Lumen'],
    openAppeal: 0.9,
    clickAppeal: 0.9,
    conversionRate: 0.04,
    medianOrderValue: 61,
    discount: false,
    paths: [
      '/journal/weekly-picks',
      '/products/canvas-tote',
      '/products/merino-crew',
      '/products/field-jacket',
      '/products/wool-beanie',
      '/journal',
    ],
  },
  {
    name: 'Back in stock',
    subjects: ['It is back: the field jacket', 'Back in stock, in every size'],
    openAppeal: 1.1,
    clickAppeal: 1.25,
    conversionRate: 0.09,
    medianOrderValue: 118,
    discount: false,
    paths: ['/products/field-jacket', '/collections/outerwear', '/size-guide'],
  },
  {
    name: 'Style guide',
    subjects: [
      'How to layer for spring',
      'Three outfits, one capsule wardrobe',
    ],
    openAppeal: 0.85,
    clickAppeal: 0.95,
    conversionRate: 0.03,
    medianOrderValue: 66,
    discount: false,
    paths: [
      '/journal/style-guide',
      '/collections/capsule',
      '/products/merino-crew',
      '/products/relaxed-chinos',
      '/journal',
    ],
  },
  {
    name: 'Members early access',
    subjects: [
      'Members first: early access starts now',
      'Your early access to the new season',
    ],
    openAppeal: 1.05,
    clickAppeal: 1.1,
    conversionRate: 0.07,
    medianOrderValue: 95,
    discount: false,
    paths: ['/members/early-access', '/collections/new-season', '/members'],
  },
  {
    name: 'Weekend offer',
    subjects: ['Your weekend offer is here', 'Free shipping all weekend'],
    openAppeal: 1,
    clickAppeal: 1.05,
    conversionRate: 0.06,
    medianOrderValue: 49,
    discount: true,
    paths: ['/offers/weekend', '/collections/bestsellers', '/shipping'],
  },
  {
    name: 'End of season sale',
    subjects: [
      'End of season: final reductions',
      'Last chance: up to half off',
    ],
    openAppeal: 1.2,
    clickAppeal: 1.2,
    conversionRate: 0.09,
    medianOrderValue: 58,
    discount: true,
    paths: [
      '/sale/final',
      '/sale/women',
      '/sale/men',
      '/sale/shoes',
      '/stores',
    ],
  },
];
