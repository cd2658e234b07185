//! What the manual page says beyond `--help`, as (term, description) pairs: kept beside the
//! behaviour it describes in README.md.

/// The picker's keys: (keys, what they do).
pub(super) const KEYS: &[(&str, &str)] = &[
    (
        "typing",
        "filters the list (fuzzy, over name, account id, role and region); a paste filters too",
    ),
    (
        "Up, Down, Ctrl-P, Ctrl-N",
        "move the cursor; PageUp, PageDown, Home and End move further",
    ),
    (
        "Backspace, Ctrl-U",
        "take back one character of the filter, or all of it",
    ),
    (
        "Enter",
        "assume the selected profile in the background, then start $SHELL with its credentials; the picker comes back when the shell ends",
    ),
    (
        "Ctrl-R",
        "renew the selected profile's session without starting a shell",
    ),
    ("Ctrl-X", "forget the selected profile's kept sessions"),
    (
        "Ctrl-O",
        "open the AWS console signed in as the selected profile",
    ),
    (
        "Ctrl-L",
        "copy the role's Switch Role link to the clipboard",
    ),
    (
        "Esc",
        "cancel an assume in flight, dismiss an error, clear the filter, or quit when it is empty",
    ),
    ("Ctrl-Z", "suspend the picker, as any program"),
    ("Ctrl-C", "quit"),
    (
        "in the MFA modal",
        "digits, Backspace, Enter to send the code, Esc to cancel",
    ),
    (
        "in an error",
        "PageUp and PageDown scroll it, Ctrl-Y copies one policy of it to the clipboard (OSC 52, so over SSH too): the trust statement, then at the next Ctrl-Y the identity policy; Esc dismisses it",
    ),
];

/// Environment variables switchrole reads: (name, what for).
pub(super) const READ: &[(&str, &str)] = &[
    (
        "AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE",
        "where the two AWS files are (default ~/.aws/config and ~/.aws/credentials)",
    ),
    (
        "AWS_REGION, AWS_DEFAULT_REGION",
        "the region, unless --region is given; inside a switchrole shell the profile's own region comes first",
    ),
    (
        "AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "the endpoints of STS and IAM Identity Center, as for the AWS SDKs",
    ),
    (
        "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN",
        "read only for a profile with credential_source = Environment; otherwise never, so a parent switchrole shell's keys never stand in for a profile's own",
    ),
    (
        "SHELL",
        "the shell exec and the picker start (default /bin/sh)",
    ),
    (
        "BROWSER",
        "the program that opens the IAM Identity Center sign-in and the console (default xdg-open or open)",
    ),
    ("NO_COLOR", "draw the picker without colour"),
    (
        "SWITCHROLE_MFA_SESSION_DURATION",
        "how long an MFA session lasts, in seconds or with a unit (overrides the mfa_session_duration setting)",
    ),
    (
        "SWITCHROLE_WARN_BEFORE",
        "how long before expiry a shell is warned (overrides warn_before)",
    ),
    (
        "SWITCHROLE_RENEW_BEFORE",
        "how long before expiry a renewing shell renews",
    ),
    (
        "SWITCHROLE_FEDERATION_ENDPOINT",
        "the console's federation endpoint, for testing",
    ),
    (
        "XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_STATE_HOME, XDG_RUNTIME_DIR",
        "where switchrole keeps its own files (see FILES)",
    ),
];

/// Environment variables a child of exec or the picker gets: (name, what it holds).
pub(super) const SET: &[(&str, &str)] = &[
    (
        "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN",
        "the temporary credentials",
    ),
    (
        "AWS_CREDENTIAL_EXPIRATION",
        "when they expire (RFC 3339, UTC)",
    ),
    (
        "AWS_REGION, AWS_DEFAULT_REGION",
        "the region, when one is known",
    ),
    (
        "SWITCHROLE_PROFILE, SWITCHROLE_ROLE_ARN",
        "the profile and its last role, read by switchrole status",
    ),
    (
        "AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN, SWITCHROLE_EXPIRY_FILE",
        "in a renewing shell (exec --renew, use --renew), in place of the three key variables: the loopback endpoint every SDK asks for renewed credentials, and a file with their expiry",
    ),
    (
        "AWS_PROFILE, AWS_CONFIG_FILE, SWITCHROLE_AWS_CONFIG_FILE",
        "in a renewing shell: the shell's own profile (switchrole:NAME), a view of the config file that adds it with [default]'s settings and no credentials (so every SDK asks the endpoint, whatever [default] holds), and the real config file for a switchrole started there",
    ),
    (
        "unset",
        "AWS_PROFILE (set again in a renewing shell, as above), AWS_DEFAULT_PROFILE, AWS_SECURITY_TOKEN, AWS_CREDENTIAL_FILE and AWS_SDK_LOAD_CONFIG, so no tool picks other credentials",
    ),
];

/// The files switchrole reads and writes: (path, what it holds).
pub(super) const FILES: &[(&str, &str)] = &[
    (
        "~/.aws/config, ~/.aws/credentials",
        "the profiles, read as the AWS CLI and SDKs read them; switchrole add appends to them",
    ),
    (
        "~/.aws/sso/cache/*.json",
        "IAM Identity Center tokens, shared with the AWS CLI and SDKs (0600)",
    ),
    (
        "$XDG_CONFIG_HOME/switchrole/config",
        "switchrole's settings (switchrole settings)",
    ),
    (
        "$XDG_STATE_HOME/switchrole/state.json",
        "what can be shown without unlocking the keyring: kept sessions' profiles and expiry, the profiles whose keys are in the keyring, the profile used last",
    ),
    (
        "$XDG_CACHE_HOME/switchrole/sessions/",
        "sessions kept with --store file (0600, written atomically)",
    ),
    (
        "$XDG_CACHE_HOME/switchrole/sso/",
        "switchrole's IAM Identity Center client registrations and listings",
    ),
    (
        "$XDG_STATE_HOME/switchrole/history.jsonl",
        "every switch, one JSON line each (time, profile, role, account, how it was used; never a secret; 0600, kept under 256 KB): switchrole history, and the picker's recent group",
    ),
    (
        "$XDG_RUNTIME_DIR/switchrole/shells/PID/",
        "a renewing shell's private directory (0700): its view of the config file and the served keys' expiry, removed with the shell",
    ),
    (
        "$XDG_RUNTIME_DIR/switchrole/locks/",
        "the locks that let one of many switchrole runs sign in or ask for an MFA code while the others wait (the cache directory when there is no runtime directory)",
    ),
];

/// Exit statuses: (status, when).
pub(super) const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "success; the picker exits 0 when quit (a shell started from it returns to the picker, and its status is not passed on)",
    ),
    (
        "1",
        "an error, told in one sentence on stderr; doctor exits 1 when it finds an error; status exits 1 outside a switchrole shell",
    ),
    ("2", "the command line could not be read"),
    (
        "126, 127",
        "exec: the command could not be run, or was not found, as env(1) exits",
    ),
    ("other", "exec: the command's own exit status"),
    (
        "128+N",
        "ended by signal N (Ctrl-C, SIGTERM, SIGHUP) while prompting or waiting for AWS",
    ),
];

/// Examples: (command line, what it does).
pub(super) const EXAMPLES: &[(&str, &str)] = &[
    ("switchrole", "open the picker"),
    (
        "switchrole exec prod-admin -- terraform plan",
        "run a command with the profile's credentials",
    ),
    (
        "eval \"$(switchrole env prod-admin)\"",
        "set the credentials in the current shell",
    ),
    (
        "credential_process = switchrole credential-process prod-admin",
        "in ~/.aws/config, under another profile: every AWS tool gets prod-admin's credentials through switchrole",
    ),
    (
        "switchrole doctor",
        "check both files, each finding with its file, line and fix",
    ),
    (
        "switchrole exec ci --mfa-code 123456 -- make deploy",
        "give the MFA code on the command line",
    ),
    (
        "source <(switchrole completions bash)",
        "complete commands and profile names in bash",
    ),
];
