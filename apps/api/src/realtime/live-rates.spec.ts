import { liveRates } from './live-rates';

describe('liveRates', () => {
  it('divides by sent or delivered as the rate definitions say', () => {
    const r = liveRates({ 'email.sent': 200, 'email.delivered': 160, 'email.bounced': 40, 'email.opened': 80, 'email.clicked': 20, 'email.complained': 1, 'email.unsubscribed': 4 });
    expect(r).toEqual({ delivery: 0.8, open: 0.5, click: 0.125, clickToOpen: 0.25, bounce: 0.2, complaint: 1 / 160, unsubscribe: 0.025 });
  });

  it('answers null, not 0, when there is nothing to divide by', () => {
    expect(liveRates({ 'email.opened': 3 })).toEqual({ delivery: null, open: null, click: null, clickToOpen: 0, bounce: null, complaint: null, unsubscribe: null });
  });
});
