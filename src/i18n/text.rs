//! Every message: its name and its English, the language the page was written in. Adding one
//! here makes the catalogue test fail until every translation has it, in this order.

macro_rules! texts {
    ($($name:ident => $english:literal,)*) => {
        /// Each message's place in the list, and so in every catalogue.
        #[derive(Clone, Copy)]
        enum Place { $($name,)* }

        /// A message: its place in the catalogues and its English. Each is a constant where it is
        /// used, so its English travels with the code that shows it: the words of a view that
        /// loads on first use arrive with that view, not with the first screen.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Text {
            place: u16,
            english: &'static str,
        }

        #[allow(non_upper_case_globals)]
        impl Text {
            $(pub const $name: Text = Text { place: Place::$name as u16, english: $english };)*

            /// Every message's name, as the catalogues' keys spell it.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name),)*];

            /// How many messages a catalogue holds.
            pub const COUNT: usize = Text::NAMES.len();

            /// Changes whenever a message is added, removed, renamed or moved: the catalogues'
            /// URLs carry it, so a browser never reads a cached file of another list of messages.
            pub const VERSION: u32 = fnv1a(Text::NAMES);

            /// Every message, for the catalogue tests.
            #[cfg(test)]
            pub const ALL: &'static [Text] = &[$(Text::$name,)*];
        }
    };
}

impl Text {
    /// Where the message stands in a catalogue's list.
    pub fn place(self) -> usize {
        self.place.into()
    }

    pub fn english(self) -> &'static str {
        self.english
    }
}

/// FNV-1a over the names, each ended by a zero byte.
pub(super) const fn fnv1a(names: &[&str]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < names.len() {
        let bytes = names[i].as_bytes();
        let mut j = 0;
        while j <= bytes.len() {
            let byte = if j < bytes.len() { bytes[j] } else { 0 };
            hash = (hash ^ byte as u32).wrapping_mul(0x0100_0193);
            j += 1;
        }
        i += 1;
    }
    hash
}

texts! {
    // The page's heading and its main action.
    PageTitle => "Application keys",
    PageIntro => "Programs use an application key, a Client ID and a Secret, to get API access tokens. Create one key per program, so that you can revoke it on its own.",
    NewSecret => "New secret",
    LimitReason => "one:This account has reached its limit of {count} key. Delete a key to create a new one.|other:This account has reached its limit of {count} keys. Delete a key to create a new one.",
    SessionEnded => "Your session has ended. Sign in again to see and manage your keys.",
    SignInAgain => "Sign in again",
    Dismiss => "Dismiss",
    // States instead of the table.
    Loading => "Loading keys…",
    LoadFailed => "Could not load your keys.",
    Retry => "Retry",
    EmptyTitle => "No application keys yet",
    EmptyLead => "Create a key for each program that calls the API. You will see its Secret once, right after you create it.",
    CreateFirstKey => "Create your first key",
    // A dialog whose code is still on its way.
    Opening => "Opening…",
    NotLoadedTitle => "This dialog could not be opened",
    NotLoaded => "Part of the page could not be loaded. Check your connection and try again.",
    // Toolbar.
    FilterLabel => "Filter keys",
    FilterPlaceholder => "Filter by description or Client ID",
    NoMatch => "No key matches “{filter}”.",
    CountKeys => "one:{count} key|other:{count} keys",
    CountShownOf => "one:{shown} of {count} key|other:{shown} of {count} keys",
    CountOfMax => "one:{total} of {count} key|other:{total} of {count} keys",
    CountShownOfMax => "one:{shown} shown · {total} of {count} key|other:{shown} shown · {total} of {count} keys",
    SelectAllShown => "one:Select the {count} shown key|other:Select all {count} shown keys",
    SelectAllTitle => "Select all shown keys",
    SelectedCount => "one:{count} selected|other:{count} selected",
    SelectedKeys => "Selected keys",
    ClearSelection => "Clear selection",
    // Table.
    TableCaption => "Your application keys, newest first",
    ColSelected => "Selected",
    ColDescription => "Description",
    ColClientId => "Client ID",
    ColExpires => "Expires",
    ColLastUsed => "Last used",
    ColCreatedAt => "Created at",
    ColActions => "Actions",
    MoreRowsBelow => "one:{count} more key below. Scroll to load it, or use the filter to find a key.|other:{count} more keys below. Scroll to load them, or use the filter to find a key.",
    RotatedOn => "Rotated {date}",
    Never => "Never",
    ExpiresInDays => "one:Expires in {count} day|other:Expires in {count} days",
    Expired => "Expired",
    SelectKey => "Select key {name}",
    RenameKey => "Rename key {name}",
    RotateKey => "Rotate secret of key {name}",
    DeleteKey => "Delete key {name}",
    CopyClientId => "Copy Client ID",
    CopySecret => "Copy Secret",
    Copy => "Copy",
    Copied => "Copied",
    CopyRefused => "The browser blocked copying. The value is selected: press Ctrl+C (⌘C on a Mac).",
    // Announcements.
    KeyCreated => "Key created. Copy the secret now: it is shown only once.",
    KeyRenamed => "Key renamed to {name}.",
    DescriptionRemoved => "Description removed.",
    KeyDeleted => "Key {name} deleted.",
    SecretRotated => "Secret rotated. Copy the new secret now: it is shown only once.",
    Downloaded => "Downloaded {file}.",
    // Delete one key, or many.
    DeleteQuestion => "Delete this key?",
    DeleteWhat => "The key {name} will be deleted.",
    DeleteWhatWithId => "The key “{name}” with Client ID {client_id} will be deleted.",
    DeleteWarning => "After deletion, the key can no longer be used to access the API: programs using it stop working at once, and access tokens it obtained are revoked. This cannot be undone.",
    Cancel => "Cancel",
    Deleting => "Deleting…",
    Confirm => "Confirm",
    DeleteKeys => "one:Delete {count} key|other:Delete {count} keys",
    DeleteKeysQuestion => "one:Delete {count} key?|other:Delete {count} keys?",
    MoreKeys => "one:and {count} more key|other:and {count} more keys",
    DeleteKeysWarning => "After deletion, these keys can no longer be used to access the API: programs using them stop working at once, and access tokens they obtained are revoked. This cannot be undone.",
    KeysDeleted => "one:{count} key deleted.|other:{count} keys deleted.",
    KeysAlreadyGone => "one:{count} key was already gone.|other:{count} keys were already gone.",
    // The description field, New secret and Rename.
    DescriptionLabel => "Description",
    Optional => "(optional)",
    DescriptionPlaceholder => "e.g. Nightly billing export",
    DescriptionHintCreate => "Recommended: say which program or person uses this key, so that it is easy to manage later.",
    DescriptionHintRename => "Leave it empty to remove the description.",
    DescriptionTooLong => "The description can be at most {max} characters; it has {length}.",
    Generate => "Generate now",
    Generating => "Generating…",
    RenameTitle => "Rename key",
    ClientIdLead => "Client ID {client_id}",
    Save => "Save",
    Saving => "Saving…",
    // Expiry.
    ExpiryHint => "An expired key stops working at once; its programs need a new key before then.",
    ExpiryHintMax => "one:Keys on this account expire within {count} day. An expired key stops working at once; its programs need a new key before then.|other:Keys on this account expire within {count} days. An expired key stops working at once; its programs need a new key before then.",
    ExpiryDate => "Expiry date",
    LifetimeNever => "No expiry",
    LifetimeDays => "one:{count} day|other:{count} days",
    LifetimeYear => "1 year",
    LifetimeCustom => "Custom date",
    ChooseDate => "Choose the date the key expires.",
    DateAfterToday => "Choose a date after today.",
    DateWithin => "one:Choose a date within {count} day: keys on this account can live at most that long.|other:Choose a date within {count} days: keys on this account can live at most that long.",
    // Rotation.
    RotateTitle => "Rotate secret",
    RotateLead => "The key {name} gets a new Secret; its Client ID stays the same. Give your programs the new Secret before the current one stops working.",
    RotateLegend => "The current secret stops working",
    GraceNow => "Immediately",
    GraceHour => "In 1 hour",
    GraceDay => "In 24 hours",
    GraceNowHint => "Programs still using the current secret stop working now, and the access tokens it obtained are revoked. Choose this if the secret has leaked.",
    GraceLaterHint => "Until then both secrets work, and so do the access tokens the current one obtains.",
    Rotating => "Rotating…",
    // The one-time secret.
    Close => "Close",
    YourNewKey => "Your new key",
    NewSecretFor => "New secret for {name}",
    ShownOnce => "This is the only time the Secret is shown. Copy it now and keep it somewhere safe, such as your secrets manager. If you lose it, delete this key and create a new one.",
    LabelSecret => "Secret",
    DownloadCredentials => "Download credentials",
    DownloadHint => "A JSON file with the Client ID, the Secret and the token URL.",
    CopiedIt => "OK, I have copied it",
    PreviousUntil => "The previous secret keeps working until {date}. Update your programs before then.",
    PreviousStopped => "The previous secret no longer works, and the access tokens it obtained are revoked.",
    ExpiresOn => "This key expires on {date}.",
    NeverExpires => "This key does not expire.",
    DiscardQuestion => "You won't see this secret again. Close anyway?",
    KeepOpen => "Keep it open",
    CloseAnyway => "Close anyway",
    // Failures.
    ErrNetwork => "Could not reach the server. Check your connection and try again.",
    ErrTimeout => "The server did not answer within {seconds} seconds. Try again.",
    ErrSession => "Your session has ended. Sign in again to continue.",
    ErrTooMany => "Too many requests right now. Wait a moment and try again.",
    ErrServer => "The server had a problem (HTTP {status}). Try again in a moment.",
    ErrForbidden => "You are not allowed to do this.",
    ErrGone => "It no longer exists.",
    ErrBadRequest => "The server did not accept what was sent.",
    ErrConflict => "This cannot be done while the key is in its current state.",
    ErrTooLarge => "What was sent is too large.",
    ErrRefused => "The server refused the request (HTTP {status}).",
    ErrMalformed => "The server sent an answer the page could not read (HTTP {status}). Try again.",
    ErrReference => "Reference: {id}.",
    ErrDetail => "The server said: {message}",
    // A key's details and the activity log.
    KeyDetailsOf => "Details of {name}",
    Breadcrumb => "Breadcrumb",
    KeyGoneTitle => "This key was deleted or never existed",
    KeyGoneLead => "It is not among this account's keys.",
    FieldAddress => "Last used from",
    FieldClient => "Client software",
    FieldRotated => "Secret replaced",
    NotRecorded => "Not recorded",
    UsageTitle => "Token requests, last 30 days",
    UsageTotal => "one:{count} request in 30 days|other:{count} requests in 30 days",
    UsageEmpty => "No token requests in the last 30 days.",
    UsageFailed => "Could not load the usage.",
    UsageTable => "Show as a table",
    UsageDay => "Day",
    OutcomeIssued => "Token issued",
    OutcomeRefusedSecret => "Wrong secret",
    OutcomeRefusedExpired => "Key expired",
    OutcomeRateLimited => "Rate limited",
    ActivityTitle => "Activity",
    ActivityLead => "What happened to this account's keys, newest first: who did it, and from where.",
    KeyActivityTitle => "Activity of this key",
    ActivityLoading => "Loading activity…",
    ActivityEmpty => "No activity yet",
    ActivityFailed => "Could not load the activity.",
    LoadOlder => "Load older",
    LoadingOlder => "Loading older…",
    EventFilter => "Show",
    AllEvents => "All events",
    ExportCsv => "Export CSV",
    Exported => "The events shown were saved as {file}.",
    ColWhen => "When",
    ColEvent => "Event",
    ColKey => "Key",
    ColActor => "By",
    ColFrom => "From",
    ColDetails => "Details",
    ActorSystem => "The server",
    ActorKey => "A program with this key",
    EvCreated => "Key created",
    EvRenamed => "Renamed",
    EvRotated => "Secret rotated",
    EvPreviousEnded => "Previous secret stopped working",
    EvDeleted => "Key deleted",
    EvExpired => "Key expired",
    EvSecretRefused => "Wrong secret refused",
    EvSecretExposed => "Secret found in public",
    DetRenamed => "From “{from}” to “{to}”",
    DetRotatedNow => "The previous secret stopped at once.",
    DetRotatedUntil => "The previous secret works until {date}.",
    DetExpiresOn => "Expires {date}.",
    DetAttempts => "one:{count} attempt|other:{count} attempts",
    DetEndedAt => "Ended {date}.",
    // A secret found in public.
    SecretExposed => "Secret exposed",
    ExposedNotice => "one:The secret of {count} key was found in public and switched off. Rotate it to get a new secret, then update the program that uses it.|other:The secrets of {count} keys were found in public and switched off. Rotate them to get new secrets, then update the programs that use them.",
    ExposedBanner => "This key's secret was found in public at {url} on {date} and was switched off. Rotate it to get a new secret, then update your program.",
    ExposedBannerNoUrl => "This key's secret was found in public on {date} and was switched off. Rotate it to get a new secret, then update your program.",
    GraceExposedHint => "This key's secret was found in public: the new one replaces it at once, with no grace period.",
    // Allowed networks.
    NetworksLabel => "Allowed networks",
    NetworksAnywhere => "From anywhere",
    NetworksHint => "IP addresses and CIDR ranges, such as 203.0.113.7 or 10.0.0.0/24. With none, the key works from any address.",
    NetworksNote => "The key stops working from every other address at once, also for access tokens already issued.",
    NetworkEntry => "Network {n}",
    AddNetwork => "Add network",
    AddMyAddress => "Add my address ({ip})",
    RemoveNetwork => "Remove network {n}",
    NetworkMalformed => "Not an IP address or a CIDR range.",
    NetworkHostBits => "This range has host bits set. Did you mean {suggestion}?",
    NetworkDuplicate => "This network is already in the list.",
    NetworksTooMany => "A key may name at most {max} networks.",
    NetworksFix => "One of the allowed networks is not right: correct it or remove it.",
    EditNetworks => "Edit allowed networks",
    NetworksSaved => "Allowed networks saved.",
    RestrictedTo => "one:Only from {count} network: {networks}|other:Only from {count} networks: {networks}",
    OutcomeRefusedNetwork => "Outside its networks",
    EvNetworksChanged => "Allowed networks changed",
    EvNetworkRefused => "Refused outside its networks",
    DetNetworks => "Now allowed from: {to}",
    DetNetworksAnywhere => "Now allowed from anywhere.",
    // Scopes.
    AccessLabel => "Access",
    AccessHint => "What programs using this key may do with the API.",
    AccessFull => "Full access",
    AccessFullHint => "Read and write every resource.",
    AccessReadOnly => "Read only",
    AccessReadOnlyHint => "Read every resource, change none.",
    AccessCustom => "Custom",
    AccessCustomHint => "Choose None, Read or Write for each resource.",
    LevelNone => "None",
    LevelRead => "Read",
    LevelWrite => "Write",
    ScopeClusters => "Clusters",
    ScopeClustersHint => "Compute clusters: list them; with Write, also create, resize and stop them.",
    ScopeWarehouses => "Warehouses",
    ScopeWarehousesHint => "Data warehouses and their schemas.",
    ScopeUsers => "Users",
    ScopeUsersHint => "The account's users and their roles.",
    ScopeBilling => "Billing",
    ScopeBillingHint => "Invoices, usage and payment details.",
    ScopesNone => "Give the key Read or Write on at least one resource: a key that can do nothing is a mistake.",
    ScopeCount => "one:{count} scope|other:{count} scopes",
    EditAccess => "Edit access",
    AccessSaved => "Access saved.",
    AccessNote => "Taking access away holds at once, also for access tokens already issued. Access given applies to new tokens only.",
    EvScopesChanged => "Access changed",
    DetScopes => "Now: {to}",
    // Expiry notices.
    EvExpiring => "Expiry notice",
    DetExpiring => "one:{count} day before its end|other:{count} days before its end",
    FieldNotices => "Notices sent",
    NoticeSent => "one:{count} day before: {date}|other:{count} days before: {date}",
    // The standalone shell.
    Menu => "Menu",
    ConsoleName => "Data Platform Console",
    SignedInAs => "Signed in as",
    SignOut => "Sign out",
    NavConsole => "Console",
    NavSecurity => "Security",
    NotFound => "Page not found",
    GoToKeys => "Go to Application keys",
    SignInTitle => "Sign in to the console",
    Username => "Username",
    Password => "Password",
    SignIn => "Sign in",
    SigningIn => "Signing in…",
    WrongPassword => "The username or password is not right.",
    Language => "Language",
}
