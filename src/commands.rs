//! Runs what the command line asked for. This is the edge of the program: errors get
//! `anyhow` context here, and output goes to stdout in text or stable JSON.

mod articles;
mod downloads;
mod feeds;
mod inspect;
mod json;
mod newsboat;
mod output;
mod refresh;
mod sync;
mod views;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::store::Store;

/// Runs tidings as the command line says.
pub fn run(cli: Cli) -> Result<()> {
    if let Some(file) = &cli.log {
        crate::log::init(file, cli.log_level)?;
    }
    let result = run_logged(cli);
    if let Err(err) = &result {
        tracing::error!(error = %crate::sanitize::clean_line(&format!("{err:#}")), "failed");
    }
    result
}

fn run_logged(cli: Cli) -> Result<()> {
    let config = cli.config()?;
    crate::net::configure(crate::refresh::net_settings(&config.refresh));
    // Printed before the reader takes the screen, and never over it.
    if let Some(warning) = config.exposed_password_warning() {
        eprintln!("{warning}");
    }
    if cli.command.is_none()
        && let Some(warning) = config
            .sync
            .as_ref()
            .and_then(|s| crate::sync::plain_http_warning(&s.url))
    {
        eprintln!("{warning}");
    }
    match cli.command {
        None => crate::ui::run(&config),
        // Inspecting stores nothing, so it neither opens nor creates the database.
        Some(Command::Inspect {
            source,
            full_text,
            json,
        }) => inspect::run(&config, &source, full_text, json.json),
        // A dry run opens (and so creates or migrates) no database.
        Some(Command::ImportNewsboat {
            dir,
            dry_run,
            flag_star,
        }) => newsboat::import(&config, dir.as_deref(), dry_run, flag_star),
        Some(command) => {
            let mut store = open_store(&config)?;
            dispatch(command, &config, &mut store)
        }
    }
}

fn dispatch(command: Command, config: &Config, store: &mut Store) -> Result<()> {
    let synced = config.sync.is_some();
    match command {
        // With a sync server, subscriptions and fetching go through it.
        Command::Remove { feed } if synced => sync::remove(store, config, &feed),
        Command::Sync(args) => sync::run(store, config, &args),
        Command::Add {
            url,
            tags,
            full_text,
        } => feeds::add(store, config, &url, tags, full_text),
        Command::FullText { feed, state } => feeds::set_full_text(store, &feed, state.is_on()),
        Command::Remove { feed } => feeds::remove(store, &feed),
        Command::Feeds(flag) => feeds::list(store, flag.json),
        Command::Import {
            file,
            allow_file,
            allow_exec,
        } => feeds::import(store, &file, allow_file, allow_exec),
        Command::Export {
            newsboat: Some(dir),
            flag_star,
            ..
        } => newsboat::export(store, config, &dir, flag_star),
        Command::Export { output, .. } => feeds::export(store, output.as_deref()),
        Command::List(args) => articles::list(store, config, &args),
        Command::Download { query, jobs } => {
            downloads::download(store, config, query.as_deref(), jobs.map(usize::from))
        }
        Command::Downloads(flag) => downloads::list(store, flag.json),
        Command::Show { id, json } => articles::show(store, id, config, json.json),
        Command::Inspect {
            source,
            full_text,
            json,
        } => inspect::run(config, &source, full_text, json.json),
        Command::ImportNewsboat {
            dir,
            dry_run,
            flag_star,
        } => newsboat::import(config, dir.as_deref(), dry_run, flag_star),
        Command::Search { query, limit, json } => articles::search(store, &query, limit, json.json),
        Command::Star(ids) => articles::set_starred(store, &ids, true),
        Command::Unstar(ids) => articles::set_starred(store, &ids, false),
        Command::Read(ids) => articles::set_read(store, &ids, true),
        Command::Unread(ids) => articles::set_read(store, &ids, false),
        Command::Tag { words, query } => articles::tag_command(store, &words, query.as_deref()),
        Command::Untag { id, tags } => articles::tag(store, id, &tags, false),
        Command::MarkAllRead { feed, query } => {
            articles::mark_all_read(store, feed.as_deref(), query.as_deref())
        }
        Command::Stats(flag) => articles::stats(store, flag.json),
        Command::Views(flag) => views::list(store, config, flag.json),
        Command::Vacuum => refresh::vacuum(store, config),
        Command::Rules(crate::cli::RulesCommand::Test(flag)) => {
            views::test_rules(store, config, flag.json)
        }
        Command::Refresh(args) => refresh::run(store, config, &args),
    }
}

/// Opens the database named by the configuration, with the path in any error.
pub(crate) fn open_store(config: &Config) -> Result<Store> {
    Store::open(&config.db_path)
        .with_context(|| format!("opening database {}", config.db_path.display()))
}
