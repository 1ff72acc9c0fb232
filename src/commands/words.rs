//! The command line in the user's language: each command's and option's help from the
//! label catalogs (`cli.about[.COMMAND…]`, `cli.arg.[COMMAND….]ID`), clap's own headings
//! and flags too, and its errors as one sentence of ours. The language is known before
//! the arguments are parsed: `--lang` (or `--lang=`) among them, else `BANGFU_LANG`,
//! else Chinese. (`LANG` is not followed: county servers reached over SSH commonly run
//! `en_US.UTF-8`, and their clerks read Chinese.)

use crate::cli::{Cli, CliError};
use crate::domain::vocab::Lang;
use crate::ui::Labels;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};
use std::ffi::OsString;

/// The language asked for, before parsing: a value that is none is parsing's to refuse.
pub(super) fn lang_before_parsing(args: &[OsString]) -> Lang {
    let mut asked: Option<String> = None;
    let mut texts = args.iter().skip(1).map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = texts.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            asked = texts.next();
        } else if let Some(value) = arg.strip_prefix("--lang=") {
            asked = Some(value.to_string());
        }
    }
    asked.or_else(|| std::env::var("BANGFU_LANG").ok()).and_then(|t| Lang::parse(&t)).unwrap_or(Lang::Zh)
}

/// Parses the arguments with help and errors in `labels`' language. `Ok(None)` when
/// help or the version was asked for and has been printed.
pub(super) fn parse(args: Vec<OsString>, labels: &Labels) -> Result<Option<Cli>, CliError> {
    let matches = match command(labels).try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            super::print_quietly(&e.to_string());
            return Ok(None);
        }
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return Err(CliError::User(e.to_string().trim_end().to_string()));
        }
        Err(e) => return Err(CliError::User(sentence(labels, &e))),
    };
    Cli::from_arg_matches(&matches).map(Some).map_err(|e| CliError::User(sentence(labels, &e)))
}

/// The whole command line, its words from the catalogs.
pub fn command(labels: &Labels) -> clap::Command {
    let cmd = localize(Cli::command(), labels, "")
        .disable_version_flag(true)
        .arg(flag(labels, "version", 'V', ArgAction::Version))
        .subcommand_help_heading(labels.t("cli.heading.commands"));
    let mut cmd = cmd;
    cmd.build();
    localize_usage(cmd, labels)
}

/// Each usage line in the user's words: clap writes `[OPTIONS]` and `[COMMAND]`
/// in English whatever the help around them says.
fn localize_usage(mut cmd: clap::Command, labels: &Labels) -> clap::Command {
    let usage = cmd.render_usage().to_string();
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let usage = usage
        .replace("[OPTIONS]", labels.t("cli.usage.options"))
        .replace("[COMMAND]", labels.t("cli.usage.command"))
        .replace("<COMMAND>", labels.t("cli.usage.command_needed"));
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    let mut cmd = cmd.override_usage(usage);
    for name in names {
        cmd = match name.as_str() {
            // The help clap adds to every command with commands of its own.
            "help" => cmd.mut_subcommand(name, |s| s.about(labels.t("cli.about.help"))),
            _ => cmd.mut_subcommand(name, |s| localize_usage(s, labels)),
        };
    }
    cmd
}

fn localize(cmd: clap::Command, labels: &Labels, path: &str) -> clap::Command {
    let about = if path.is_empty() { "cli.about".to_string() } else { format!("cli.about.{path}") };
    let tables = crate::app::RecordKind::tables().collect::<Vec<_>>().join(labels.t("common.list_separator"));
    let mut cmd = cmd
        .about(labels.f(&about, &[("tables", &tables)]))
        .long_about(None)
        .help_template(format!(
            "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            labels.t("cli.heading.usage")
        ))
        .disable_help_flag(true)
        .subcommand_help_heading(labels.t("cli.heading.commands"))
        .arg(flag(labels, "help", 'h', ArgAction::Help));
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).filter(|id| id != "help").collect();
    for id in ids {
        let key = if path.is_empty() { format!("cli.arg.{id}") } else { format!("cli.arg.{path}.{id}") };
        let help = labels.t(&key).to_string();
        cmd = cmd.mut_arg(id, |a| match a.is_positional() {
            true => a.help(help).help_heading(labels.t("cli.heading.arguments")),
            false => a.help(help).help_heading(labels.t("cli.heading.options")),
        });
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let inner = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
        cmd = cmd.mut_subcommand(name, |s| localize(s, labels, &inner));
    }
    cmd
}

fn flag(labels: &Labels, id: &'static str, short: char, action: ArgAction) -> Arg {
    Arg::new(id)
        .short(short)
        .long(id)
        .action(action)
        .help(labels.t(&format!("cli.flag.{id}")).to_string())
        .help_heading(labels.t("cli.heading.options"))
}

/// A parsing error as one sentence of ours, naming what was typed, then the usage.
fn sentence(labels: &Labels, e: &clap::Error) -> String {
    let text = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(labels.t("common.list_separator")),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let (arg, value) = (text(ContextKind::InvalidArg), text(ContextKind::InvalidValue));
    let said = match e.kind() {
        ErrorKind::InvalidSubcommand => {
            labels.f("cli.error.command", &[("arg", &text(ContextKind::InvalidSubcommand))])
        }
        ErrorKind::UnknownArgument => labels.f("cli.error.option", &[("arg", &arg)]),
        ErrorKind::MissingRequiredArgument => labels.f("cli.error.missing", &[("arg", &arg)]),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = text(ContextKind::ValidValue);
            labels.f("cli.error.value", &[("arg", &arg), ("value", &value), ("valid", &valid)])
        }
        ErrorKind::ArgumentConflict => {
            labels.f("cli.error.conflict", &[("arg", &arg), ("prior", &text(ContextKind::PriorArg))])
        }
        ErrorKind::TooManyValues | ErrorKind::NoEquals => {
            labels.f("cli.error.option", &[("arg", &if arg.is_empty() { value.clone() } else { arg.clone() })])
        }
        _ => labels.t("error.bad_arguments").to_string(),
    };
    let suggested = text(ContextKind::SuggestedSubcommand);
    let hint = match suggested.is_empty() {
        true => String::new(),
        false => labels.f("cli.error.did_you_mean", &[("suggested", &suggested)]),
    };
    // clap's usage line begins with its own English heading.
    let usage = text(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let usage = match usage.is_empty() {
        true => labels.t("cli.error.see_help").to_string(),
        false => labels.f("cli.error.usage", &[("usage", usage)]),
    };
    format!("{said}{hint}{usage}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and option has its words in both catalogs.
    #[test]
    fn every_command_and_option_has_its_words_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let labels = Labels::get(lang);
            let mut missing = Vec::new();
            fn walk(cmd: &clap::Command, labels: &Labels, path: &str, missing: &mut Vec<String>) {
                let about = if path.is_empty() { "cli.about".to_string() } else { format!("cli.about.{path}") };
                if labels.t(&about) == about {
                    missing.push(about);
                }
                for arg in cmd.get_arguments().filter(|a| a.get_id() != "help" && a.get_id() != "version") {
                    let id = arg.get_id();
                    let key = if path.is_empty() { format!("cli.arg.{id}") } else { format!("cli.arg.{path}.{id}") };
                    if labels.t(&key) == key {
                        missing.push(key);
                    }
                }
                for sub in cmd.get_subcommands() {
                    let inner =
                        if path.is_empty() { sub.get_name().to_string() } else { format!("{path}.{}", sub.get_name()) };
                    walk(sub, labels, &inner, missing);
                }
            }
            walk(&Cli::command(), labels, "", &mut missing);
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    /// Every command's help in Chinese, as `bangfu … --help` prints it, is Chinese
    /// around its names: none of clap's own English (`[OPTIONS]`, `Commands:`, "Print").
    #[test]
    fn no_help_in_chinese_keeps_claps_english() {
        fn paths(cmd: &clap::Command, at: Vec<String>, out: &mut Vec<Vec<String>>) {
            out.push(at.clone());
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                paths(sub, [at.clone(), vec![sub.get_name().to_string()]].concat(), out);
            }
        }
        let labels = Labels::get(Lang::Zh);
        let mut all = Vec::new();
        paths(&command(labels), Vec::new(), &mut all);
        let mut found = Vec::new();
        for path in &all {
            let args = std::iter::once("bangfu".to_string()).chain(path.iter().cloned()).chain(["--help".to_string()]);
            let help = match command(labels).try_get_matches_from(args) {
                Err(e) => e.to_string(),
                Ok(_) => String::new(),
            };
            assert!(help.contains("用法："), "{path:?}: {help}");
            for english in
                ["[OPTIONS]", "[COMMAND]", "<COMMAND>", "Usage:", "Commands:", "Options:", "Arguments:", "Print"]
            {
                if help.contains(english) {
                    found.push(format!("{path:?}: {english}"));
                }
            }
        }
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_language_is_known_before_parsing() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_before_parsing(&args(&["bangfu", "--lang", "en", "--help"])), Lang::En);
        assert_eq!(lang_before_parsing(&args(&["bangfu", "list", "--lang=en"])), Lang::En);
        assert_eq!(lang_before_parsing(&args(&["bangfu", "--", "--lang", "en"])), Lang::Zh);
    }
}
