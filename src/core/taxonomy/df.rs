//! The `_df` SaaS / B2B events of seed 002, in the table format of
//! [`super`]: `event,prop:k,prop:k!,...` one event a line.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// Seed 002, in the order of the document. `invitee_email_hash` is the one
/// property the spec wants hashed: [`crate::core::pii`] finds it by its
/// `_hash` suffix.
pub(super) const TABLE: &str = "\
signed_up,method:s,plan:s,invited_by:s,referral_code:s
logged_in,method:s
logged_out
password_reset_requested
trial_started,plan_id:s,plan_name:s,trial_length_days:n
trial_converted,plan_id:s,plan_name:s,revenue:n,currency:s,payment_method:s
trial_expired,plan_id:s,days_used:n,features_used:l
subscription_started,plan_id:s!,plan_name:s,revenue:n,currency:s,billing_cycle:s,coupon:s
subscription_upgraded,previous_plan_id:s,new_plan_id:s!,revenue_delta:n,currency:s
subscription_downgraded,previous_plan_id:s,new_plan_id:s!,reason:s
subscription_cancelled,plan_id:s,reason:s,feedback:s
subscription_renewed,plan_id:s,revenue:n,currency:s
feature_used,feature_id:s!,feature_name:s,context:s
report_viewed,report_id:s,report_name:s,filters:o
export_completed,export_type:s,record_count:n
integration_connected,integration_id:s!,integration_name:s,provider:s
api_key_created,scope:s
invitation_sent,invitee_email_hash:s,role:s,seats_total:n
invitation_accepted,inviter_id:s,role:s
seat_added,new_seat_count:n
seat_removed,new_seat_count:n,reason:s
";
