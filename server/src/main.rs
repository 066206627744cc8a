//! `server`: runs Framdrift, or loads data into its database.

use std::process::ExitCode;

use app::db::{DEFAULT_SQLITE_FILE, connect_and_migrate, connect_and_set_up, sqlite_url};
use app::exchange::{self, ExistingProject, ImportOutcome};
use axum::serve::ListenerExt;
use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand};
use leptos::prelude::get_configuration;
use sea_orm::{
    ColumnTrait, ConnectOptions, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    version,
    about = "Framdrift: progress plans of multi-partner projects, planned and actual"
)]
struct Cli {
    /// Database to use: `sqlite://FILE?mode=rwc` or `postgres://USER@HOST/DB`.
    /// Without it, the SQLite file from --sqlite-file is used.
    #[arg(long, env = "DATABASE_URL", global = true)]
    database_url: Option<String>,
    /// The SQLite file of the embedded default, created on first start.
    #[arg(long, env = "FRAMDRIFT_SQLITE_FILE", default_value = DEFAULT_SQLITE_FILE, global = true)]
    sqlite_file: String,
    /// Connections of the readers' database pool (default: one per core,
    /// at least two). Writes have a pool of their own.
    #[arg(long, env = "FRAMDRIFT_DB_CONNECTIONS", global = true,
          value_parser = clap::value_parser!(u32).range(1..))]
    db_connections: Option<u32>,
    #[command(subcommand)]
    command: Option<Command>,
}

/// `server` alone serves, with the settings of `serve` from the environment
/// only: cargo-leptos starts the binary without a subcommand.
#[derive(Parser)]
struct ServeFromEnvironment {
    #[command(flatten)]
    serve: ServeArgs,
}

/// The settings of `server serve`, which is also what `server` alone does.
#[derive(Args, Clone, Copy, Debug, PartialEq, Eq)]
struct ServeArgs {
    /// Do not load the demo project into an empty database.
    #[arg(long, env = "FRAMDRIFT_NO_DEMO", value_parser = BoolishValueParser::new())]
    no_demo: bool,
    /// Demo mode: load the demo project if missing and create its demo
    /// accounts (public password, see README). Never on a real installation.
    #[arg(
        long,
        env = "FRAMDRIFT_DEMO",
        value_parser = BoolishValueParser::new(),
        conflicts_with = "no_demo"
    )]
    demo: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (the default).
    Serve(ServeArgs),
    /// Accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// The demo project from the seed documents.
    Demo {
        #[command(subcommand)]
        action: DemoAction,
    },
    /// Write a project as an exchange file (TOML) to standard output.
    Export {
        /// The project's key, e.g. interreg-integrering.
        key: String,
    },
    /// Write a large generated project (for benchmarks) as an exchange file.
    Generate {
        /// How many activities; milestones are 1 in 20, history entries 10 per activity.
        #[arg(long, default_value_t = 1000)]
        activities: usize,
        /// The project's key.
        #[arg(long, default_value = "generated")]
        key: String,
        /// How many sub-projects share the activities with the project-wide
        /// plan; by default one per 1,000 activities. 0 puts every activity
        /// in the project-wide plan.
        #[arg(long)]
        sub_projects: Option<usize>,
        /// Readable by anyone without an account.
        #[arg(long)]
        public: bool,
    },
    /// Read-only share links.
    Share {
        #[command(subcommand)]
        action: ShareAction,
    },
    /// Import a project from an exchange file (TOML, see docs/exchange-format.md).
    Import {
        file: std::path::PathBuf,
        /// Merge the file onto a stored project with the same key (by the
        /// keys of its records) instead of leaving it unchanged. Nothing is
        /// deleted: records the file no longer holds are archived.
        #[arg(long, alias = "replace")]
        merge: bool,
    },
}

#[derive(Subcommand)]
enum DemoAction {
    /// Load the demo project; a loaded one is kept unless --merge is given.
    Load {
        #[arg(long, alias = "replace")]
        merge: bool,
        /// Also create the demo accounts (public password, see README).
        #[arg(long)]
        with_users: bool,
    },
}

#[derive(Subcommand)]
enum ShareAction {
    /// Create a share link of a project and print its path (shown once).
    Create {
        /// The project's key.
        project: String,
        /// Whom the link is for ("Styringsgruppen").
        #[arg(long)]
        label: String,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Create an account. The password is read from standard input (a
    /// prompt on a terminal), never from the command line.
    Create {
        email: String,
        /// The name shown for the person; the address's local part if left out.
        #[arg(long)]
        name: Option<String>,
        /// An administrator of the whole installation.
        #[arg(long)]
        admin: bool,
    },
    /// Print a one-time link (valid two days) with which the person chooses
    /// a new password; their sessions end when they do.
    Reset { email: String },
    /// Print a new personal API token of the person (for scripts; it acts
    /// with their rights and is revoked on their account page).
    Token {
        email: String,
        #[arg(long, default_value = "command line")]
        label: String,
    },
}

#[derive(Debug, thiserror::Error)]
enum CliError {
    #[error("cannot open the database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Import(#[from] exchange::ImportError),
    #[error("cannot export: {0}")]
    Export(app::error::AppError),
    #[error("cannot read {path}: {source}")]
    ReadFile {
        path: String,
        source: std::io::Error,
    },
    #[error("leptos configuration: {0}")]
    Configuration(String),
    #[error("FRAMDRIFT_DEMO / FRAMDRIFT_NO_DEMO: {0}")]
    ServeSettings(String),
    #[error("cannot serve: {0}")]
    Serve(#[from] std::io::Error),
    #[error(transparent)]
    App(#[from] app::error::AppError),
    #[error("cannot read the password: {0}")]
    Password(std::io::Error),
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        // Logs go to stderr: stdout carries command output such as `export`.
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), CliError> {
    // Generating needs no database.
    if let Some(Command::Generate {
        activities,
        key,
        sub_projects,
        public,
    }) = &cli.command
    {
        let mut size = exchange::generate::Size::with_activities(*activities);
        if let Some(count) = sub_projects {
            size.sub_projects = *count;
        }
        let mut file = exchange::generate::generate(key, size);
        file.project.public = *public;
        print!("{}", exchange::to_toml(&file).map_err(CliError::Export)?);
        return Ok(());
    }
    let url = cli
        .database_url
        .clone()
        .unwrap_or_else(|| sqlite_url(&cli.sqlite_file));
    let command = match cli.command {
        Some(command) => command,
        None => Command::Serve(
            ServeFromEnvironment::try_parse_from(["server"])
                .map_err(|error| CliError::ServeSettings(error.to_string()))?
                .serve,
        ),
    };
    let mut options = ConnectOptions::new(url.clone());
    if let Some(connections) = cli.db_connections {
        options.max_connections(connections);
    }
    let write_options = options.clone();
    let db = match &command {
        // Several servers may start at once on a new database: one loads
        // the demo, under the lock the migrations are run under.
        &Command::Serve(ServeArgs { no_demo, demo }) => {
            connect_and_set_up(options, |db| async move {
                set_up_demo(&db, no_demo, demo).await
            })
            .await?
        }
        _ => connect_and_migrate(options).await?,
    };
    tracing::info!(database = %redact(&url), "database ready");
    match command {
        Command::Serve(ServeArgs { demo, .. }) => {
            let writes = server::write_lane::connect(write_options).await?;
            serve(db, writes, demo).await
        }
        Command::Demo {
            action: DemoAction::Load { merge, with_users },
        } => {
            let outcome = exchange::load_demo(&db, existing(merge)).await?;
            report(outcome);
            if with_users {
                app::exchange::demo::ensure_demo_users(&db).await?;
                println!("demo accounts ready (README, \"Demo accounts\")");
            }
            Ok(())
        }
        Command::Share {
            action: ShareAction::Create { project, label },
        } => {
            let writer = app::edit::Writer::page(app::identity::Caller::operator());
            let link = app::sharing::commands::create_share_link(
                &db,
                &writer,
                &project,
                app::sharing::NewShareLink {
                    label,
                    last_day: None,
                },
            )
            .await?;
            println!("{}", link.path);
            Ok(())
        }
        Command::User {
            action: UserAction::Token { email, label },
        } => {
            let email = app::account::users::normalise_email("email", &email)?;
            let user = app::entities::user_account::Entity::find()
                .filter(app::entities::user_account::Column::Email.eq(&email))
                .one(&db)
                .await?
                .ok_or_else(|| app::error::AppError::invalid("email", "has no account"))?;
            println!(
                "{}",
                app::account::users::create_api_token(&db, user.id, &label).await?
            );
            Ok(())
        }
        Command::User {
            action: UserAction::Reset { email },
        } => {
            let path = app::account::links::reset_link(&db, &email, None).await?;
            println!("{path}");
            Ok(())
        }
        Command::User {
            action: UserAction::Create { email, name, admin },
        } => {
            let password = read_password()?;
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_owned());
            let user =
                app::account::users::create_user(&db, &email, &name, Some(password), admin).await?;
            println!(
                "created: {}{}",
                user.email,
                if user.is_admin {
                    " (administrator)"
                } else {
                    ""
                }
            );
            Ok(())
        }
        Command::Export { key } => {
            let file = exchange::export(&db, &key)
                .await
                .map_err(CliError::Export)?;
            print!("{}", exchange::to_toml(&file).map_err(CliError::Export)?);
            Ok(())
        }
        Command::Generate { .. } => Ok(()),
        Command::Import { file, merge } => {
            let text = std::fs::read_to_string(&file).map_err(|source| CliError::ReadFile {
                path: file.display().to_string(),
                source,
            })?;
            let outcome = exchange::import_str(&db, &text, existing(merge)).await?;
            report(outcome);
            Ok(())
        }
    }
}

fn existing(merge: bool) -> ExistingProject {
    if merge {
        ExistingProject::Merge
    } else {
        ExistingProject::Keep
    }
}

fn report(outcome: ImportOutcome) {
    match outcome {
        ImportOutcome::Created { project_id } => println!("imported: new project #{project_id}"),
        ImportOutcome::Merged {
            project_id,
            changed,
        } => {
            println!("merged: {changed} record(s) of project #{project_id} changed")
        }
        ImportOutcome::AlreadyPresent { project_id } => {
            println!(
                "unchanged: project #{project_id} with this key is already stored (use --merge)"
            )
        }
    }
}

/// Never log a password that may be part of the database URL.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// A password from standard input: a prompt without echo on a terminal,
/// else the first line (for scripts: `printf 'pw\n' | server user create …`).
fn read_password() -> Result<String, CliError> {
    use std::io::IsTerminal;
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password: ").map_err(CliError::Password)?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(CliError::Password)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    Ok(password)
}

/// The demo project in an empty database (unless `--no-demo`); in demo
/// mode the demo project whenever it is missing, and the demo accounts.
async fn set_up_demo(db: &DatabaseConnection, no_demo: bool, demo: bool) -> Result<(), CliError> {
    use app::entities::project;
    let missing = if demo {
        project::Entity::find()
            .filter(project::Column::Key.eq(exchange::DEMO_PROJECT_KEY))
            .count(db)
            .await?
            == 0
    } else {
        !no_demo && project::Entity::find().count(db).await? == 0
    };
    if missing {
        tracing::info!("loading the demo project");
        report(exchange::load_demo(db, ExistingProject::Keep).await?);
    }
    if demo {
        app::exchange::demo::ensure_demo_users(db).await?;
    }
    Ok(())
}

async fn serve(
    db: DatabaseConnection,
    writes: DatabaseConnection,
    demo: bool,
) -> Result<(), CliError> {
    // A wrong setting stops the start: throttling by the wrong address
    // would lock out everyone behind one balancer.
    let client_ip = app::account::users::client_ip_source().map_err(CliError::Configuration)?;
    if demo {
        tracing::warn!("demo mode: the demo accounts (README) can sign in with a public password");
    }
    let configuration =
        get_configuration(None).map_err(|e| CliError::Configuration(e.to_string()))?;
    let mut options = configuration.leptos_options;
    // A release built by cargo-leptos names its assets by their content and
    // lists the names in hash.txt beside the binary (Cargo.toml: hash-files).
    let hash_file = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())));
    options.hash_files |= hash_file.is_some_and(|f| f.exists());
    let pkg = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    tokio::task::spawn_blocking(move || match server::assets::precompress(&pkg) {
        Ok(written) if !written.is_empty() => {
            tracing::info!(files = written.len(), "assets precompressed");
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "assets not precompressed: served as they are"),
    });
    let address = options.site_addr;
    let state = app::state::AppState::new(db.clone());
    server::listen_for_changed_projects(&state);
    let app = server::router_with_state(state, writes, options, client_ip);
    // Without TCP_NODELAY a small answer written as headers and body waits
    // for the client's delayed ACK: static files of a few KB took 44 ms and
    // went at half the rate of the JSON API.
    let listener = tokio::net::TcpListener::bind(address).await?.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "TCP_NODELAY not set");
        }
    });
    tracing::info!("listening on http://{address}");
    // Nobody can sign in to a new installation: the first administrator
    // comes through a one-time link, printed where only the operator sees it.
    if let Some(path) = app::account::links::setup_link_if_no_accounts(&db).await? {
        tracing::warn!(
            "no accounts yet: open http://{address}{path} within a day to create the first administrator"
        );
    }
    // Expired sessions go once an hour (any process may do it: it is one DELETE).
    let sessions = app::account::store::DbSessionStore::new(db.clone());
    tokio::spawn(async move {
        use tower_sessions::session_store::ExpiredDeletion;
        let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            hourly.tick().await;
            if let Err(error) = sessions.delete_expired().await {
                tracing::warn!(%error, "expired sessions not deleted");
            }
        }
    });
    // The client's address reaches the handlers for throttling sign-ins.
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
