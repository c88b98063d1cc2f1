//! A pool's app clients, under `/console/pools/{pool_id}/clients`: the list, creating a client
//! (its secret shown once, on the answer to the form), the client's page, editing its settings,
//! the matrix of attribute read and write permissions, and deleting it.
//!
//! UpdateUserPoolClient returns every member it is not sent to its default, so each change is
//! DescribeUserPoolClient, then [`update_request`](common::update_request) (every updatable member
//! carried over), then the form's own members, then UpdateUserPoolClient: the edit page never
//! touches the attribute permissions, and the matrix never touches the rest.

mod attributes;
mod client;
mod common;
mod edit;
mod list;

use axum::{routing::get, Router};

use crate::state::AppState;

/// The app client pages' routes.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/pools/{pool_id}/clients", get(list::list))
        .route(
            "/console/pools/{pool_id}/clients/new",
            get(list::new_client).post(list::create_client),
        )
        .route(
            "/console/pools/{pool_id}/clients/{client_id}",
            get(client::client_page),
        )
        .route(
            "/console/pools/{pool_id}/clients/{client_id}/edit",
            get(edit::edit_page).post(edit::save_edit),
        )
        .route(
            "/console/pools/{pool_id}/clients/{client_id}/attributes",
            get(attributes::attributes_page).post(attributes::save_attributes),
        )
        .route(
            "/console/pools/{pool_id}/clients/{client_id}/delete",
            get(client::delete_page).post(client::delete_client),
        )
}
