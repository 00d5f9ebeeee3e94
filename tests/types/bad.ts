/// <reference path="../../dist/trackq.d.ts" />
_upstack('track', 'trial_started', { accountId: 'a' });            // 1 missing planId
_upstack('track', 'trial_started');                                  // 2 props required
_upstack('track', 'trial_started', { accountId: 'a', planId: 1 });  // 3 planId wrong type
_upstack('track', 'account_deleted', { accountId: 'a', mrr: '9900' }); // 4 mrr not a number
_df.track('feature_used');                                           // 5 props required
_df.track('feature_used', { feature_name: 'x' });                    // 6 missing feature_id
_df.track('trial_expired', { features_used: ['a', 2] });             // 7 string[]
_df.track('report_viewed', { filters: 'x' });                        // 8 object
_kmq.push(['billed']);                                               // 9 amount required
_kmq.push(['billed', '29.99']);                                      // 10 amount is a number
_kmq.push(['bogus']);                                                // 11 unknown command
_upstack('page');                                                    // 12 unknown command
_df.track('subscription_started', { plan_id: 'p', coupon: 5 });      // 13 coupon string
window.KM?.record({ n: 1 });                                         // 14 KM.record needs a name
const granted: 'granted' | 'pending' = window.KM!.consent();         // 15 it may be denied
_kmq.push(['optOut', true]);                                         // 16 optOut takes nothing
_kmq.push(['record', () => {}]);                                     // 17 a callback is not a name
export {};
