//! The register's statistics from the command line, as the local operator (who sees every
//! overview of every provider): the overviews, and one overview as a table, CSV or JSON.

use anyhow::Context;
use app::statistics::StatisticsQuery;
use clap::Subcommand;
use model::UiLang;

use super::{explain, print_json};
use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Subcommand)]
pub enum StatisticsCommand {
    /// The overviews, with the questions they answer and their breakdowns.
    List {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// One overview: `show enrolments --filter from=2021 --filter by=employment_group`.
    Show {
        /// offerings, offering-growth, enrolments, credentials, validations, funding, completion.
        id: String,
        /// A parameter as NAME=VALUE (from, to, year, by, provider, field, eqf, …; repeatable).
        #[arg(long = "filter", value_name = "NAME=VALUE")]
        filters: Vec<String>,
        /// CSV instead of a table (suppressed counts as `<5`).
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// The API's JSON answer.
        #[arg(long)]
        json: bool,
        /// Labels in Dutch (`nl`) or English (`en`, the default).
        #[arg(long, default_value = "en")]
        lang: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Every overview in one Excel workbook (definitions, filters and the rule on the first sheet).
    Export {
        /// The .xlsx file to write (replaced if it exists).
        #[arg(long)]
        out: std::path::PathBuf,
        /// A parameter as NAME=VALUE (from, to, year, provider, field, eqf, …; repeatable).
        #[arg(long = "filter", value_name = "NAME=VALUE")]
        filters: Vec<String>,
        /// Labels in Dutch (`nl`) or English (`en`, the default).
        #[arg(long, default_value = "en")]
        lang: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Counts the statistics again from the learning tables (every write keeps them; this is
    /// for a register whose tables were changed by hand).
    Recount {
        #[command(flatten)]
        storage: StorageArgs,
    },
}

/// The `--filter NAME=VALUE` options as a statistics query; a bad one names its filter.
fn query_of(filters: &[String], app: &app::App) -> anyhow::Result<StatisticsQuery> {
    let pairs = filters
        .iter()
        .map(|filter| {
            filter
                .split_once('=')
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .with_context(|| format!("`{filter}` is not NAME=VALUE"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    StatisticsQuery::from_params(&pairs, app.now().date())
        .map_err(|error| anyhow::anyhow!("--filter {}: {}", error.element, error.message))
}

fn language(code: &str) -> UiLang {
    if code == "nl" { UiLang::Nl } else { UiLang::En }
}

pub async fn statistics(command: StatisticsCommand) -> anyhow::Result<()> {
    match command {
        StatisticsCommand::Recount { storage } => {
            let store = crate::edge::open_store(&storage).await?;
            store.recount_statistics().await?;
            store.close().await;
            eprintln!("Counted the statistics again from the learning tables.");
            Ok(())
        }
        StatisticsCommand::List { storage } => {
            let app = open_app(&storage).await?;
            for overview in app.statistics_overviews(Some(&app::Principal::local_operator())) {
                println!(
                    "{:<16} {}  [{}]  by: {}",
                    overview.id,
                    overview.title(UiLang::En),
                    overview.answers.join(", "),
                    overview.breakdowns.join(", ")
                );
            }
            println!(
                "{}",
                model::statistics::suppression::rule_text(app.statistics_threshold())
            );
            Ok(())
        }
        StatisticsCommand::Show {
            id,
            filters,
            csv,
            json,
            lang,
            storage,
        } => {
            let lang = language(&lang);
            let app = open_app(&storage).await?;
            let query = query_of(&filters, &app)?;
            let table = app
                .statistics(Some(&app::Principal::local_operator()), &id, &query, lang)
                .await
                .map_err(explain)?;
            if json {
                return print_json(&table.to_json(lang));
            }
            if csv {
                print!("{}", table.to_csv());
                return Ok(());
            }
            print!("{}", aligned(&table, lang));
            Ok(())
        }
        StatisticsCommand::Export {
            out,
            filters,
            lang,
            storage,
        } => {
            let lang = language(&lang);
            let app = open_app(&storage).await?;
            let query = query_of(&filters, &app)?;
            let bytes = app
                .statistics_workbook(Some(&app::Principal::local_operator()), &query, lang)
                .await
                .map_err(explain)?;
            std::fs::write(&out, &bytes)
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "Wrote {} ({} bytes, {}–{})",
                out.display(),
                bytes.len(),
                query.from,
                query.to
            );
            Ok(())
        }
    }
}

/// The table with its columns aligned, the totals under a rule, and the suppression rule.
fn aligned(table: &app::statistics::StatTable, lang: UiLang) -> String {
    let threshold = table.suppression.as_ref().map_or(0, |s| s.threshold);
    let header: Vec<String> = table
        .columns
        .iter()
        .map(|column| column.label(lang).to_owned())
        .collect();
    let lines: Vec<Vec<String>> = table
        .rows
        .iter()
        .chain(&table.totals)
        .map(|row| row.iter().map(|cell| cell.text(threshold, lang)).collect())
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|index| {
            lines
                .iter()
                .chain(std::iter::once(&header))
                .map(|line| line.get(index).map_or(0, |text| text.chars().count()))
                .max()
                .unwrap_or(0)
                .min(48)
        })
        .collect();
    let render = |line: &[String]| -> String {
        line.iter()
            .zip(&widths)
            .map(|(text, width)| {
                let text: String = text.chars().take(*width).collect();
                format!("{text:<width$}")
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    let mut out = format!("{}\n{}\n", table.title(lang), render(&header));
    for (index, line) in lines.iter().enumerate() {
        if index == table.rows.len() {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * widths.len()));
            out.push('\n');
        }
        out.push_str(&render(line));
        out.push('\n');
    }
    if let Some(suppression) = &table.suppression {
        out.push_str(&suppression.rule(lang));
        out.push('\n');
    }
    out
}
