// Shared by the page tests of both builds (snippet/seed_examples.test.mjs, kmq_build.test.mjs).

// Every `_kmq` example of seed 000 (the KISSmetrics SaaS Events page), in its order, with
// the message it must become. Only the syntax of two was fixed: the comma missing after
// 'Billed' in the `record` example, and the 'Downgrade Reason' string broken across lines.
// (The seed's `identify` example is the page's own identify of ann@acme.com.)
export const SEED = [
  [['signedUp'], 'Signed Up', {}],
  [['signedUp', 'Premium Plan'], 'Signed Up', { 'Plan Name': 'Premium Plan' }],
  [
    ['signedUp', 'Premium Plan', { 'Coupon Code': 'FREE10' }],
    'Signed Up',
    { 'Plan Name': 'Premium Plan', 'Coupon Code': 'FREE10' },
  ],
  [['signedUp', null, { 'Affiliate ID': 123 }], 'Signed Up', { 'Affiliate ID': 123 }],
  [['upgraded'], 'Upgraded', {}],
  [['upgraded', 'Premium Plan'], 'Upgraded', { 'Plan Name': 'Premium Plan' }],
  [
    ['upgraded', 'Premium Plan', { 'Coupon Code': 'FREE10' }],
    'Upgraded',
    { 'Plan Name': 'Premium Plan', 'Coupon Code': 'FREE10' },
  ],
  [['upgraded', null, { 'Upgraded From': 'Dashboard' }], 'Upgraded', { 'Upgraded From': 'Dashboard' }],
  [['downgraded'], 'Downgraded', {}],
  [['downgraded', 'Basic Plan'], 'Downgraded', { 'Plan Name': 'Basic Plan' }],
  [
    ['downgraded', 'Basic Plan', { 'Downgrade Reason': 'Not using premium features' }],
    'Downgraded',
    { 'Plan Name': 'Basic Plan', 'Downgrade Reason': 'Not using premium features' },
  ],
  // The seed really says 'upgraded' here, under `downgraded`: kept as written.
  [['upgraded', null, { 'Downgraded From': 'Dashboard' }], 'Upgraded', { 'Downgraded From': 'Dashboard' }],
  [['canceled'], 'Canceled', {}],
  [['canceled', { 'Cancel Reason': 'Too expensive' }], 'Canceled', { 'Cancel Reason': 'Too expensive' }],
  [['upgraded', 'Premium Plan'], 'Upgraded', { 'Plan Name': 'Premium Plan' }],
  [
    ['billed', 149.99, 'Upgraded'],
    'Billed',
    { 'Billing Amount': 149.99, 'Billing Description': 'Upgraded' },
  ],
  [['billed', 29.99], 'Billed', { 'Billing Amount': 29.99 }],
  [
    ['billed', 29.99, 'Monthly Bill'],
    'Billed',
    { 'Billing Amount': 29.99, 'Billing Description': 'Monthly Bill' },
  ],
  [
    ['billed', 29.99, 'Monthly Bill', { 'Billing Method': 'Credit Card' }],
    'Billed',
    { 'Billing Amount': 29.99, 'Billing Description': 'Monthly Bill', 'Billing Method': 'Credit Card' },
  ],
  [
    [
      'record',
      'Billed',
      { 'Billing Amount': 29.99, 'Billing Description': 'Monthly Bill', 'Billing Method': 'Credit Card' },
    ],
    'Billed',
    { 'Billing Amount': 29.99, 'Billing Description': 'Monthly Bill', 'Billing Method': 'Credit Card' },
  ],
  [
    ['billed', 29.99, null, { 'Billing Method': 'Credit Card' }],
    'Billed',
    { 'Billing Amount': 29.99, 'Billing Method': 'Credit Card' },
  ],
];
