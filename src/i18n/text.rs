//! The name of every message. Adding one here makes English's `match` fail to compile until it is
//! written, and the catalogue test fail until every translation has it, in this order.

macro_rules! texts {
    ($($name:ident,)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Text { $($name,)* }

        impl Text {
            /// How many messages a catalogue holds.
            pub const COUNT: usize = [$(stringify!($name),)*].len();

            /// Changes whenever a message is added, removed, renamed or moved: the catalogues'
            /// URLs carry it, so a browser never reads a cached file of another list of messages.
            pub const VERSION: u32 = fnv1a(&[$(stringify!($name),)*]);

            /// Every message, for the catalogue tests.
            #[cfg(test)]
            pub const ALL: &'static [Text] = &[$(Text::$name,)*];

            /// Every message's name, as the catalogues' keys spell it.
            #[cfg(test)]
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name),)*];
        }
    };
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
    PageTitle, PageIntro, NewSecret, LimitReason, SessionEnded, SignInAgain, Dismiss,
    // States instead of the table.
    Loading, LoadFailed, Retry, EmptyTitle, EmptyLead, CreateFirstKey,
    // A dialog whose code is still on its way.
    Opening, NotLoadedTitle, NotLoaded,
    // Toolbar.
    FilterLabel, FilterPlaceholder, NoMatch, CountKeys, CountShownOf, CountOfMax, CountShownOfMax,
    SelectAllShown, SelectAllTitle, SelectedCount, SelectedKeys, ClearSelection,
    // Table.
    TableCaption, ColSelected, ColDescription, ColClientId, ColExpires, ColLastUsed, ColCreatedAt,
    ColActions, MoreRowsBelow, RotatedOn, Never, ExpiresInDays, Expired, SelectKey, RenameKey,
    RotateKey, DeleteKey, CopyClientId, CopySecret, Copy, Copied, CopyRefused,
    // Announcements.
    KeyCreated, KeyRenamed, DescriptionRemoved, KeyDeleted, SecretRotated, Downloaded,
    // Delete one key, or many.
    DeleteQuestion, DeleteWhat, DeleteWhatWithId, DeleteWarning, Cancel, Deleting, Confirm,
    DeleteKeys, DeleteKeysQuestion, MoreKeys, DeleteKeysWarning, KeysDeleted, KeysAlreadyGone,
    // The description field, New secret and Rename.
    DescriptionLabel, Optional, DescriptionPlaceholder, DescriptionHintCreate,
    DescriptionHintRename, DescriptionTooLong, Generate, Generating, RenameTitle, ClientIdLead,
    Save, Saving,
    // Expiry.
    ExpiryHint, ExpiryHintMax, ExpiryDate, LifetimeNever, LifetimeDays, LifetimeYear,
    LifetimeCustom, ChooseDate, DateAfterToday, DateWithin,
    // Rotation.
    RotateTitle, RotateLead, RotateLegend, GraceNow, GraceHour, GraceDay, GraceNowHint,
    GraceLaterHint, Rotating,
    // The one-time secret.
    Close, YourNewKey, NewSecretFor, ShownOnce, LabelSecret, DownloadCredentials, DownloadHint,
    CopiedIt, PreviousUntil, PreviousStopped, ExpiresOn, NeverExpires, DiscardQuestion, KeepOpen,
    CloseAnyway,
    // Failures.
    ErrNetwork, ErrTimeout, ErrSession, ErrTooMany, ErrServer, ErrForbidden, ErrGone,
    ErrBadRequest, ErrConflict, ErrTooLarge, ErrRefused, ErrMalformed, ErrReference, ErrDetail,
    // A key's details and the activity log.
    KeyDetailsOf, Breadcrumb, KeyGoneTitle, KeyGoneLead, FieldAddress, FieldClient, FieldRotated,
    NotRecorded, UsageTitle, UsageTotal, UsageEmpty, UsageFailed, UsageTable, UsageDay,
    OutcomeIssued, OutcomeRefusedSecret, OutcomeRefusedExpired, OutcomeRateLimited, ActivityTitle,
    ActivityLead, KeyActivityTitle, ActivityLoading, ActivityEmpty, ActivityFailed, LoadOlder,
    LoadingOlder, EventFilter, AllEvents, ExportCsv, Exported, ColWhen, ColEvent, ColKey, ColActor,
    ColFrom, ColDetails, ActorSystem, ActorKey, EvCreated, EvRenamed, EvRotated, EvPreviousEnded,
    EvDeleted, EvExpired, EvSecretRefused, EvSecretExposed, DetRenamed, DetRotatedNow, DetRotatedUntil,
    DetExpiresOn, DetAttempts, DetEndedAt,
    // A secret found in public.
    SecretExposed, ExposedNotice, ExposedBanner, ExposedBannerNoUrl, GraceExposedHint,
    // Allowed networks.
    NetworksLabel, NetworksAnywhere, NetworksHint, NetworksNote, NetworkEntry, AddNetwork,
    AddMyAddress, RemoveNetwork, NetworkMalformed, NetworkHostBits, NetworkDuplicate,
    NetworksTooMany, NetworksFix, EditNetworks, NetworksSaved, RestrictedTo, OutcomeRefusedNetwork,
    EvNetworksChanged, EvNetworkRefused, DetNetworks, DetNetworksAnywhere,
    // Scopes.
    AccessLabel, AccessHint, AccessFull, AccessFullHint, AccessReadOnly, AccessReadOnlyHint,
    AccessCustom, AccessCustomHint, LevelNone, LevelRead, LevelWrite, ScopeClusters,
    ScopeClustersHint, ScopeWarehouses, ScopeWarehousesHint, ScopeUsers, ScopeUsersHint,
    ScopeBilling, ScopeBillingHint, ScopesNone, ScopeCount, EditAccess, AccessSaved, AccessNote,
    EvScopesChanged, DetScopes,
    // Expiry notices.
    EvExpiring, DetExpiring, FieldNotices, NoticeSent,
    // The standalone shell.
    Menu, ConsoleName, SignedInAs, SignOut, NavConsole, NavSecurity, NotFound, GoToKeys,
    SignInTitle, Username, Password, SignIn, SigningIn, WrongPassword, Language,
}
