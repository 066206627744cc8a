//! The history page of a project: every change, newest first, with links to
//! the views just before and after it.

mod page;
#[cfg(feature = "ssr")]
pub mod queries;

use leptos::prelude::*;

use crate::domain::{HistoryFilter, HistoryPage};
use crate::error::AppError;

pub use page::HistoryPage as HistoryPageView;
pub(crate) use page::kind_label;

#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_history(project: String, filter: HistoryFilter) -> Result<HistoryPage, AppError> {
    let state = crate::state::AppState::from_context()?;
    let caller = crate::identity::Caller::from_context();
    let (_, grant) = state.readable_by(&caller, &project).await?;
    let reader = queries::Reader {
        member: grant.member,
        lead: grant.lead,
    };
    queries::load_history_for(&state.db, &project, filter, reader).await
}
