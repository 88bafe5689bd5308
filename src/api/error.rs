//! One error type for every way a call can fail. The sentence a person reads, in their language,
//! is i18n's (`I18n::error`); `Display` here is for logs and developers.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer: offline, server down, blocked by CORS.
    Network,
    /// No answer within the client's time limit; the request was aborted.
    Timeout,
    /// 401: the console session is gone.
    Unauthorized { request_id: Option<String> },
    /// The server answered with an error status (its envelope's `code` and `message` when it sent one).
    Rejected {
        status: u16,
        code: Option<u32>,
        message: Option<String>,
        request_id: Option<String>,
    },
    /// The answer could not be read as the contract says.
    Malformed {
        status: u16,
        request_id: Option<String>,
    },
}

impl ApiError {
    /// The envelope code for this error, as a host shell's `appkeys:error` event reports it.
    pub fn code(&self) -> Option<u32> {
        match self {
            ApiError::Unauthorized { .. } => Some(40001),
            ApiError::Rejected { code, status, .. } => code.or_else(|| envelope_code(*status)),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized { .. } => Some(401),
            ApiError::Rejected { status, .. } | ApiError::Malformed { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Unauthorized { request_id }
            | ApiError::Rejected { request_id, .. }
            | ApiError::Malformed { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Transient failures that a retry of the same request may fix.
    pub fn is_transient(&self) -> bool {
        matches!(self, ApiError::Network | ApiError::Timeout)
    }
}

/// 4xx → 40000 + (status − 400), 5xx → 50000 + (status − 500), as the contract defines.
fn envelope_code(status: u16) -> Option<u32> {
    match status {
        400..=499 => Some(40000 + u32::from(status - 400)),
        500..=599 => Some(50000 + u32::from(status - 500)),
        _ => None,
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network => f.write_str("no answer from the API (network)")?,
            ApiError::Timeout => f.write_str("no answer from the API in time")?,
            ApiError::Unauthorized { .. } => f.write_str("HTTP 401: the session has ended")?,
            ApiError::Rejected {
                status, message, ..
            } => {
                write!(f, "HTTP {status}")?;
                if let Some(code) = self.code() {
                    write!(f, ", code {code}")?;
                }
                if let Some(message) = message {
                    write!(f, ": {message}")?;
                }
            }
            ApiError::Malformed { status, .. } => {
                write!(f, "HTTP {status}: an answer not in the contract's form")?
            }
        }
        match self.request_id() {
            Some(id) => write!(f, " (request {id})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}
