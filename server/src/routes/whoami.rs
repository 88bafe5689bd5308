//! `GET /whoami`: the protected resource that proves an access token from `/token` works, and says
//! what it may do. Open to any live token, whatever its scopes.

use serde::Serialize;

use super::table::{get, Routes};
use crate::access_token::Bearer;
use crate::envelope::Envelope;

pub fn routes() -> Routes {
    Routes::default().route("/whoami", get(whoami))
}

#[derive(Serialize)]
struct Whoami {
    account_id: String,
    username: String,
    client_id: String,
    /// What the token carries now.
    scopes: Vec<String>,
}

async fn whoami(bearer: Bearer) -> Envelope<Whoami> {
    let owner = bearer.token.owner;
    Envelope::ok(Whoami {
        account_id: owner.account_id,
        username: owner.username,
        client_id: owner.client_id,
        scopes: bearer.scopes,
    })
}
