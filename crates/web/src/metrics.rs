//! Request metrics for `/metrics` (Prometheus text format 0.0.4): every answer counted by route
//! template (never the raw path: ids would make one series per record), method and status, and
//! its latency in a histogram by route and method. Written here rather than with a metrics
//! crate: a map under a mutex and a text writer are all the register needs, and the crates of
//! the field bring their own registries and exporters.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::SharedState;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Debug, Default, Clone)]
struct Latency {
    count: u64,
    sum: f64,
    /// Answers at or below each bound (cumulative when written).
    buckets: [u64; BUCKETS.len()],
}

/// The counts and latencies since the process started.
#[derive(Debug, Default)]
pub struct RequestMetrics {
    answers: Mutex<BTreeMap<(String, &'static str, u16), u64>>,
    latencies: Mutex<BTreeMap<(String, &'static str), Latency>>,
}

fn method_label(method: &axum::http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

impl RequestMetrics {
    fn record(&self, route: String, method: &'static str, status: u16, seconds: f64) {
        if let Ok(mut answers) = self.answers.lock() {
            *answers.entry((route.clone(), method, status)).or_default() += 1;
        }
        if let Ok(mut latencies) = self.latencies.lock() {
            let latency = latencies.entry((route, method)).or_default();
            latency.count += 1;
            latency.sum += seconds;
            if let Some(bucket) = BUCKETS.iter().position(|bound| seconds <= *bound) {
                latency.buckets[bucket] += 1;
            }
        }
    }

    /// The requests' series in the text format.
    pub fn write(&self, out: &mut String) {
        let escape = |text: &str| text.replace('\\', "\\\\").replace('"', "\\\"");
        out.push_str("# HELP microcred_http_requests_total HTTP answers by route template, method and status.\n");
        out.push_str("# TYPE microcred_http_requests_total counter\n");
        if let Ok(answers) = self.answers.lock() {
            for ((route, method, status), count) in answers.iter() {
                let _ = writeln!(
                    out,
                    "microcred_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {count}",
                    escape(route)
                );
            }
        }
        out.push_str("# HELP microcred_http_request_duration_seconds Time to answer, by route template and method.\n");
        out.push_str("# TYPE microcred_http_request_duration_seconds histogram\n");
        let Ok(latencies) = self.latencies.lock() else {
            return;
        };
        for ((route, method), latency) in latencies.iter() {
            let labels = format!("route=\"{}\",method=\"{method}\"", escape(route));
            let mut cumulative = 0;
            for (bound, count) in BUCKETS.iter().zip(latency.buckets) {
                cumulative += count;
                let _ = writeln!(
                    out,
                    "microcred_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "microcred_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                latency.count
            );
            let _ = writeln!(
                out,
                "microcred_http_request_duration_seconds_sum{{{labels}}} {}",
                latency.sum
            );
            let _ = writeln!(
                out,
                "microcred_http_request_duration_seconds_count{{{labels}}} {}",
                latency.count
            );
        }
    }
}

/// The middleware: times the answer and records it under its route template.
pub async fn track(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = method_label(request.method());
    // The edge measures wall time: what a client waited is what is reported.
    #[allow(clippy::disallowed_methods)]
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    state
        .metrics
        .record(route, method, response.status().as_u16(), seconds);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_and_latencies_are_written_in_the_text_format() {
        let metrics = RequestMetrics::default();
        metrics.record("/api/v1/offerings/{id}".to_owned(), "GET", 200, 0.003);
        metrics.record("/api/v1/offerings/{id}".to_owned(), "GET", 404, 0.0004);
        metrics.record("/api/v1/offerings/{id}".to_owned(), "GET", 200, 7.0);
        let mut out = String::new();
        metrics.write(&mut out);
        assert!(out.contains(
            "microcred_http_requests_total{route=\"/api/v1/offerings/{id}\",method=\"GET\",status=\"200\"} 2"
        ));
        let labels = "route=\"/api/v1/offerings/{id}\",method=\"GET\"";
        assert!(
            out.contains(&format!("_bucket{{{labels},le=\"0.0005\"}} 1")),
            "{out}"
        );
        assert!(
            out.contains(&format!("_bucket{{{labels},le=\"0.005\"}} 2")),
            "{out}"
        );
        assert!(
            out.contains(&format!("_bucket{{{labels},le=\"2.5\"}} 2")),
            "{out}"
        );
        assert!(
            out.contains(&format!("_bucket{{{labels},le=\"+Inf\"}} 3")),
            "{out}"
        );
        assert!(out.contains(&format!("_count{{{labels}}} 3")), "{out}");
    }
}
