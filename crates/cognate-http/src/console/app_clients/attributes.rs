//! The matrix of an app client's attribute read and write permissions (`ReadAttributes`,
//! `WriteAttributes`), saved with UpdateUserPoolClient and every other member as it was.

use axum::{extract::Path, http::StatusCode, response::Response};
use maud::{html, Markup};
use serde_json::{json, Value};

use super::common::{
    client_saved, client_url, dedupe, has, pool_and_client, refusal, show_client, strings,
    update_request, Frame,
};
use crate::console::{
    access::{Form, Operator},
    shell::{csrf_field, save_or_cancel},
};

/// The title of the matrix's page.
const TITLE: &str = "Attribute read and write permissions";

/// Attributes Cognito sets itself when a user verifies an address: read-only in the matrix.
const VERIFIED: [&str; 2] = ["email_verified", "phone_number_verified"];

/// One attribute of the permission matrix.
struct Row {
    name: String,
    /// Why the client cannot be given write permission, when it cannot.
    read_only: Option<&'static str>,
}

/// The matrix's rows: the pool's standard attributes, then its custom ones (`custom:x`),
/// each by name. `sub` (always readable, never writable) and developer-only attributes (for
/// administrators only) are not a client's to choose.
fn rows(pool: &Value) -> Vec<Row> {
    let attributes = pool
        .get("SchemaAttributes")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut rows: Vec<Row> = attributes
        .iter()
        .filter_map(|a| {
            let name = a.get("Name").and_then(Value::as_str)?;
            let developer_only = a
                .get("DeveloperOnlyAttribute")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if name == "sub" || developer_only || name.starts_with("dev:") {
                return None;
            }
            let read_only = if VERIFIED.contains(&name) {
                Some("Cognito sets it when the user verifies the address.")
            } else if a.get("Mutable").and_then(Value::as_bool) == Some(false) {
                Some("Not mutable: set only when the user is created.")
            } else {
                None
            };
            Some(Row {
                name: name.to_string(),
                read_only,
            })
        })
        .collect();
    let custom = |row: &Row| row.name.starts_with("custom:");
    rows.sort_by(|a, b| custom(a).cmp(&custom(b)).then_with(|| a.name.cmp(&b.name)));
    rows
}

/// The ticks as the client's permissions are: a client without ReadAttributes reads every
/// attribute, and one without WriteAttributes writes every mutable one, as in Cognito.
fn effective(client: &Value, rows: &[Row]) -> (Vec<String>, Vec<String>) {
    let read = strings(client, "ReadAttributes")
        .unwrap_or_else(|| rows.iter().map(|r| r.name.clone()).collect());
    let write = strings(client, "WriteAttributes").unwrap_or_else(|| {
        rows.iter()
            .filter(|r| r.read_only.is_none())
            .map(|r| r.name.clone())
            .collect()
    });
    (read, write)
}

/// The permissions the posted matrix asks for. What the matrix cannot change (an attribute it
/// does not show, a write permission it offers no box for) stays as the client has it.
fn posted(form: &Form, client: &Value, rows: &[Row]) -> (Vec<String>, Vec<String>) {
    let shown = |name: &str| rows.iter().any(|r| r.name == name);
    let writable = |name: &str| rows.iter().any(|r| r.name == name && r.read_only.is_none());
    let mut read: Vec<String> = form.all_owned("read");
    read.extend(
        strings(client, "ReadAttributes")
            .unwrap_or_default()
            .into_iter()
            .filter(|a| !shown(a.as_str())),
    );
    let mut write: Vec<String> = form.all_owned("write");
    write.extend(
        strings(client, "WriteAttributes")
            .unwrap_or_default()
            .into_iter()
            .filter(|a| !writable(a.as_str())),
    );
    dedupe(&mut read);
    dedupe(&mut write);
    (read, write)
}

/// The matrix: one row per attribute, a read and a write checkbox each.
fn matrix(
    operator: &Operator,
    pool_id: &str,
    client_id: &str,
    rows: &[Row],
    (read, write): (&[String], &[String]),
) -> Markup {
    let base = client_url(pool_id, client_id);
    html! {
        p class="hint" {
            "Read: the app sees the attribute in ID tokens and GetUser. Write: users may change it through the app (SignUp, UpdateUserAttributes). A client without a choice reads every attribute and writes every mutable one."
        }
        form method="post" action=(format!("{base}/attributes")) {
            (csrf_field(operator))
            @if rows.is_empty() {
                p class="empty" { "This pool has no attributes a client may be given." }
            } @else {
                div class="table-wrap" {
                    table {
                        thead {
                            tr { th scope="col" { "Attribute" } th scope="col" { "Read" } th scope="col" { "Write" } }
                        }
                        tbody {
                            @for row in rows {
                                tr {
                                    td { code { (row.name) } }
                                    td {
                                        input type="checkbox" name="read" value=(row.name)
                                            aria-label=(format!("Read {}", row.name)) checked[has(read, &row.name)];
                                    }
                                    td {
                                        @if let Some(why) = row.read_only {
                                            input type="checkbox" disabled
                                                aria-label=(format!("Write {}", row.name)) checked[has(write, &row.name)];
                                            " "
                                            span class="hint" { (why) }
                                        } @else {
                                            input type="checkbox" name="write" value=(row.name)
                                                aria-label=(format!("Write {}", row.name)) checked[has(write, &row.name)];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (save_or_cancel(&base))
        }
    }
}

/// `GET /console/pools/{pool_id}/clients/{client_id}/attributes`.
pub(super) async fn attributes_page(
    operator: Operator,
    Path((pool_id, client_id)): Path<(String, String)>,
) -> Response {
    show_client(&operator, &pool_id, &client_id, None, |pool, client| {
        let rows = rows(pool);
        let (read, write) = effective(client, &rows);
        let chosen = (read.as_slice(), write.as_slice());
        let body = matrix(&operator, &pool_id, &client_id, &rows, chosen);
        (TITLE.to_string(), body)
    })
    .await
}

/// `POST /console/pools/{pool_id}/clients/{client_id}/attributes`: UpdateUserPoolClient with
/// the ticked ReadAttributes and WriteAttributes and every other member as it was.
pub(super) async fn save_attributes(
    Path((pool_id, client_id)): Path<(String, String)>,
    form: Form,
) -> Result<Response, Response> {
    let operator = &form.operator;
    let (pool, client) = pool_and_client(operator, &pool_id, &client_id).await?;
    let rows = rows(&pool);
    let (read, write) = posted(&form, &client, &rows);
    let mut request = update_request(&pool_id, &client);
    request.insert("ReadAttributes".into(), json!(read));
    request.insert("WriteAttributes".into(), json!(write));
    let message = match operator
        .call("UpdateUserPoolClient", Value::Object(request))
        .await
    {
        Ok(_) => {
            let notice = "Attribute read and write permissions saved.";
            return Ok(client_saved(operator, &pool_id, &client_id, notice));
        }
        Err(e) => match refusal(&e) {
            Some(message) => message,
            None => return Err(operator.failure(&e)),
        },
    };
    let frame = Frame::new(operator, &pool_id, &pool);
    let chosen = (read.as_slice(), write.as_slice());
    let body = matrix(operator, &pool_id, &client_id, &rows, chosen);
    Ok(frame.show(TITLE, None, Some(&message), body, StatusCode::BAD_REQUEST))
}
