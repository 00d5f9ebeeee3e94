//! The `_upstack` SaaS events of seed 001, in the table format of
//! [`super`]: `event,prop:k,prop:k!,...` one event a line.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// Seed 001, in the order of the document.
pub(super) const TABLE: &str = "\
account_created,accountId:s!,accountName:s,planId:s,planName:s,userId:s,userEmail:s
account_deleted,accountId:s!,accountName:s,cancelReason:s,cancelFeedback:s,mrr:n
signup_started,planId:s,source:s
signup_completed,userId:s!,accountId:s!,userEmail:s,planId:s,planName:s
demo_requested,userEmail:s,companyName:s,companySize:s,useCase:s
trial_started,accountId:s!,planId:s!,planName:s,trialEndDate:d,trialDaysRemaining:n
trial_activated,accountId:s!,planId:s,trialDaysRemaining:n,activationMilestone:s
trial_extended,accountId:s!,trialEndDate:d,trialDaysRemaining:n,extensionReason:s
trial_ending_soon,accountId:s!,trialDaysRemaining:n!,planId:s,trialEndDate:d
trial_expired,accountId:s!,planId:s,planName:s,trialDays:n
trial_converted,accountId:s!,subscriptionId:s!,planId:s!,planName:s,mrr:n,billingInterval:s
subscription_created,subscriptionId:s!,accountId:s!,planId:s!,planName:s,billingInterval:s
subscription_started,subscriptionId:s!,accountId:s!,planId:s!,planName:s,mrr:n,billingInterval:s
subscription_upgraded,subscriptionId:s!,accountId:s!,planId:s,planName:s,previousPlanId:s,mrr:n,mrrDelta:n
subscription_downgraded,subscriptionId:s!,accountId:s!,planId:s,planName:s,previousPlanId:s,mrr:n,mrrDelta:n
subscription_renewed,subscriptionId:s!,accountId:s!,planId:s,mrr:n,renewalCount:n
subscription_paused,subscriptionId:s!,accountId:s!,planId:s,mrr:n,pauseReason:s
subscription_resumed,subscriptionId:s!,accountId:s!,planId:s,mrr:n,pausedDays:n
subscription_cancelled,subscriptionId:s!,accountId:s!,planId:s,cancelReason:s,cancelFeedback:s,mrr:n,cancelAtPeriodEnd:b
subscription_churned,subscriptionId:s!,accountId:s!,planId:s,cancelReason:s,mrr:n,ltv:n,subscriptionMonths:n
subscription_initial_purchase,subscriptionId:s!,accountId:s!,planId:s,planName:s,value:n,currency:s,billingInterval:s
subscription_recurring_purchase,subscriptionId:s!,accountId:s!,planId:s,planName:s,value:n,currency:s,billingInterval:s,renewalNumber:n
subscription_reactivated,subscriptionId:s!,accountId:s!,planId:s,planName:s,mrr:n,daysSinceChurn:n
order_fulfilled,orderId:s!,orderName:s,value:n,currency:s,fulfillmentStatus:s,items:a,email:s
order_shipped,orderId:s!,orderName:s,value:n,currency:s,trackingNumber:s,trackingCompany:s,trackingUrl:s,estimatedDelivery:d,items:a,email:s
user_invited,accountId:s!,inviteeEmail:s,inviteeRole:s,invitedByUserId:s
user_joined,userId:s!,accountId:s!,userEmail:s,userRole:s
user_role_changed,userId:s!,accountId:s!,previousRole:s,newRole:s,changedByUserId:s
payment_succeeded,accountId:s!,amount:n!,invoiceId:s,subscriptionId:s,currency:s
payment_failed,accountId:s!,amount:n!,invoiceId:s,subscriptionId:s,failureReason:s,failureCode:s,currency:s
invoice_paid,accountId:s!,invoiceId:s!,amount:n!,subscriptionId:s,currency:s
seat_added,accountId:s!,seatCount:n!,subscriptionId:s,seatDelta:n,mrrDelta:n
seat_removed,accountId:s!,seatCount:n!,subscriptionId:s,seatDelta:n,mrrDelta:n
feature_used,accountId:s!,featureId:s!,userId:s,featureName:s,featureCategory:s
milestone_reached,accountId:s!,milestoneId:s!,milestoneName:s,milestoneValue:n
";
