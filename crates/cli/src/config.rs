//! The configuration file (issue 14), with one precedence for every setting:
//! built-in default < the file < environment variable < command-line flag.
//!
//! The file is TOML, named by `--config FILE` or `MICROCRED_CONFIG`; its keys are the long
//! flags with `_` for `-` (`bind`, `data_dir`, `database_url`, `public_url`, …). It works by
//! becoming the flags' defaults, so clap's own environment-then-flag order does the rest. A key
//! the program does not know is warned about (a typo must not pass silently as "default").
//! Secrets may come from files: `database_url_file`, `smtp_url_file`, `metrics_token_file` in the
//! file, or the environment's `MICROCRED_DATABASE_URL_FILE`, `MICROCRED_SMTP_URL_FILE`,
//! `MICROCRED_METRICS_TOKEN_FILE` (a container's mounted secrets) — the value the variable
//! without `_FILE` would hold, which still wins when set. (`MICROCRED_MASTER_KEY_FILE` was there
//! before.)

use std::collections::BTreeMap;
use std::ffi::OsString;

use anyhow::Context;

/// The settings a file may hold: its key, and the flag (clap id) it is the default of.
const KEYS: &[&str] = &[
    "bind",
    "data_dir",
    "database_url",
    "master_key_file",
    "public_url",
    "identity_http_localhost",
    "secure_cookies",
    "smtp_url",
    "mail_from",
    "trusted_proxies",
    "metrics_token",
    "rate_limits",
    "log_format",
    "migration_lock",
];

/// Secrets that may be read from a file: the setting and its environment variable.
const SECRETS: &[(&str, &str)] = &[
    ("database_url", "MICROCRED_DATABASE_URL"),
    ("smtp_url", "MICROCRED_SMTP_URL"),
    ("metrics_token", "MICROCRED_METRICS_TOKEN"),
];

/// The settings to use as defaults, and warnings for the operator.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Defaults {
    pub values: BTreeMap<String, String>,
    pub warnings: Vec<String>,
}

fn read_secret(path: &str, what: &str) -> anyhow::Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {what} from {path}"))?;
    Ok(text.trim().to_owned())
}

/// Where the file is: `--config FILE` / `--config=FILE` among the arguments, else the
/// environment's `MICROCRED_CONFIG`.
fn config_path(args: &[OsString], environment: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut args = args.iter().filter_map(|arg| arg.to_str());
    while let Some(arg) = args.next() {
        if arg == "--config" {
            return args.next().map(str::to_owned);
        }
        if let Some(path) = arg.strip_prefix("--config=") {
            return Some(path.to_owned());
        }
    }
    environment("MICROCRED_CONFIG")
}

/// Reads the file (if any) and the secrets' `*_FILE` variables into defaults.
pub fn defaults(
    args: &[OsString],
    environment: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<Defaults> {
    let mut defaults = Defaults::default();
    if let Some(path) = config_path(args, environment) {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the configuration file {path}"))?;
        let table: toml::Table = text
            .parse()
            .with_context(|| format!("the configuration file {path} is not valid TOML"))?;
        for (key, value) in &table {
            let secret_of = key
                .strip_suffix("_file")
                .filter(|base| SECRETS.iter().any(|(name, _)| name == base));
            let text = match value {
                toml::Value::String(text) => text.clone(),
                toml::Value::Boolean(flag) => flag.to_string(),
                toml::Value::Integer(number) => number.to_string(),
                toml::Value::Array(items) => items
                    .iter()
                    .map(|item| {
                        item.as_str().map(str::to_owned).ok_or_else(|| {
                            anyhow::anyhow!("{path}: `{key}` holds a {}, not text", item.type_str())
                        })
                    })
                    .collect::<anyhow::Result<Vec<_>>>()?
                    .join(","),
                other => {
                    anyhow::bail!("{path}: `{key}` is a {}, not a value", other.type_str())
                }
            };
            if let Some(base) = secret_of {
                defaults
                    .values
                    .insert(base.to_owned(), read_secret(&text, &format!("`{key}`"))?);
            } else if KEYS.contains(&key.as_str()) {
                defaults.values.insert(key.clone(), text);
            } else {
                defaults.warnings.push(format!(
                    "{path}: unknown setting `{key}` ignored (known: {})",
                    KEYS.join(", ")
                ));
            }
        }
    }
    for (name, variable) in SECRETS {
        if environment(variable).is_none()
            && let Some(path) = environment(&format!("{variable}_FILE"))
        {
            defaults.values.insert(
                (*name).to_owned(),
                read_secret(&path, &format!("{variable}_FILE"))?,
            );
        }
    }
    Ok(defaults)
}

/// Makes `defaults` the default values of the flags they name, in every subcommand.
pub fn apply(command: clap::Command, defaults: &Defaults) -> clap::Command {
    let command = defaults
        .values
        .iter()
        .fold(command, |command, (key, value)| {
            if command
                .get_arguments()
                .any(|arg| arg.get_id() == key.as_str())
            {
                // Leaked once per process: clap's defaults are `'static`.
                let value: &'static str = Box::leak(value.clone().into_boxed_str());
                command.mut_arg(key.as_str(), |arg| arg.default_value(value))
            } else {
                command
            }
        });
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    names.iter().fold(command, |command, name| {
        command.mut_subcommand(name.as_str(), |sub| apply(sub, defaults))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_and_secret_files_become_defaults_and_unknown_keys_are_named() {
        let dir = std::env::temp_dir().join(format!("microcred_config_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let secret = dir.join("token");
        std::fs::write(&secret, "s3cret\n").unwrap();
        let file = dir.join("microcred.toml");
        std::fs::write(
            &file,
            format!(
                "bind = \"0.0.0.0:9000\"\nsecure_cookies = true\ntrusted_proxies = [\"10.0.0.0/8\", \"192.168.1.1\"]\nmetrics_token_file = \"{}\"\nbnid = \"typo\"\n",
                secret.display()
            ),
        )
        .unwrap();
        let args = vec![
            OsString::from("microcred"),
            OsString::from("--config"),
            file.clone().into_os_string(),
        ];
        let none = |_: &str| None;
        let read = defaults(&args, &none).unwrap();
        assert_eq!(read.values["bind"], "0.0.0.0:9000");
        assert_eq!(read.values["secure_cookies"], "true");
        assert_eq!(read.values["trusted_proxies"], "10.0.0.0/8,192.168.1.1");
        assert_eq!(read.values["metrics_token"], "s3cret");
        assert_eq!(read.warnings.len(), 1);
        assert!(read.warnings[0].contains("`bnid`"), "{:?}", read.warnings);
        // A secret's environment variable wins over its _FILE variable.
        let environment = |name: &str| match name {
            "MICROCRED_SMTP_URL_FILE" => Some(secret.display().to_string()),
            "MICROCRED_METRICS_TOKEN" => Some("from-env".to_owned()),
            "MICROCRED_METRICS_TOKEN_FILE" => Some("/nonexistent".to_owned()),
            _ => None,
        };
        let read = defaults(&[], &environment).unwrap();
        assert_eq!(read.values["smtp_url"], "s3cret");
        assert!(!read.values.contains_key("metrics_token"));
        // A file that is not TOML, or missing, is an error that names it.
        std::fs::write(&file, "bind = ").unwrap();
        let error = defaults(&args, &none).unwrap_err();
        assert!(format!("{error:#}").contains("not valid TOML"), "{error:#}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
