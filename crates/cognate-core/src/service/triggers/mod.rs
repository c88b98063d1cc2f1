//! A pool's Lambda triggers (`LambdaConfig`), called as Cognito calls them: an event with
//! `version`, `triggerSource`, `region`, `userPoolId`, `userName`, `callerContext`, `request`
//! and an empty `response`, answered within five seconds by the same event with `response`
//! filled in. A handler that raises is Cognito's `UserLambdaValidationException`
//! ("PreSignUp failed with error …"); one that cannot be reached or is too slow,
//! `UnexpectedLambdaException`; an answer without a usable `response`,
//! `InvalidLambdaResponseException`.

mod auth;
mod call;
mod challenges;
mod messages;
mod migration;
mod pre_token;
mod sign_up;

pub(crate) use call::check_lambda_config;
pub(crate) use challenges::{no_define, ChallengeEvent, Decision};
pub(crate) use pre_token::{ClaimChanges, TokenEvent};
pub(crate) use sign_up::{Confirmation, SignUpDecision, SignUpSource};
