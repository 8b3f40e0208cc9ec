//! Server-rendered pages (being written).

use axum::Router;

use crate::SharedState;

pub fn router() -> Router<SharedState> {
    Router::new()
}
