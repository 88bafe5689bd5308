//! Which of the page's views the URL names, below the page's own place (its base path):
//! the list (""), one key ("/{client_id}") or the account's activity ("/activity").

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageView {
    List,
    Key(String),
    Activity,
}

impl PageView {
    /// The view a path below the page names; anything deeper than one segment is the list.
    pub fn parse(path: &str) -> PageView {
        match path.trim_matches('/') {
            "" => PageView::List,
            "activity" => PageView::Activity,
            id if !id.contains('/') => PageView::Key(id.to_string()),
            _ => PageView::List,
        }
    }

    /// The path below the page that names this view.
    pub fn path(&self) -> String {
        match self {
            PageView::List => String::new(),
            PageView::Key(client_id) => format!("/{client_id}"),
            PageView::Activity => "/activity".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PageView;

    #[test]
    fn each_view_reads_back_from_its_path() {
        for view in [
            PageView::List,
            PageView::Activity,
            PageView::Key("3f2b9c1e-8a4d-4e6f-9b1a-2c3d4e5f6a7b".into()),
        ] {
            assert_eq!(PageView::parse(&view.path()), view);
        }
    }

    #[test]
    fn trailing_slashes_and_deeper_paths() {
        assert_eq!(PageView::parse("/"), PageView::List);
        assert_eq!(PageView::parse("/k1/"), PageView::Key("k1".into()));
        assert_eq!(PageView::parse("/activity/"), PageView::Activity);
        assert_eq!(PageView::parse("/k1/usage"), PageView::List);
    }
}
