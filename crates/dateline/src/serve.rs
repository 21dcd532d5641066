//! `dateline serve`: the corpus store over HTTP (the JSON API of `dateline-server`).
//!
//! This module only reads the flags, checks that the address and authentication agree,
//! builds the analysis pipeline once (the layers and resources of `dateline analyze`), and
//! starts the server; the routes live in `dateline-server`.

use crate::ServeArgs;
use anyhow::Context;
use dateline_pipeline::Pipeline;
use dateline_server::{Analyzer, Config};
use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let addr = parse_addr(&args.addr)?;
    let token = args
        .token
        .clone()
        .or_else(|| std::env::var("DATELINE_TOKEN").ok());
    let token = dateline_server::check_addr(addr, token.as_deref(), args.no_auth)?;
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| PathBuf::from("dateline.db"));
    let resources = crate::kb::resources(args.kb.as_deref(), args.lexicon.as_deref());
    let layers = crate::analyze::DEFAULT_LAYERS.to_vec();
    let analyzer = match Pipeline::for_layers(&layers, &resources) {
        Ok(pipeline) => Ok(Arc::new(Analyzer::new(pipeline, layers))),
        Err(e) => {
            let why = format!("analysis is unavailable on this server: {e}");
            eprintln!("dateline: warning: {why}; POST /api/analyze answers 503");
            Err(why)
        }
    };
    let mut config = Config::new(&db);
    config.token = token.clone();
    config.cache = !args.no_cache;
    config.analyzer = analyzer;
    let app = dateline_server::router(config)
        .with_context(|| format!("cannot serve {}", db.display()))?;
    dateline_server::serve(app, addr, |bound| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "dateline: serving {} on http://{bound}/ (API under /api, described at /api/openapi.json{}); Ctrl-C stops",
            db.display(),
            if token.is_some() {
                "; requests need Authorization: Bearer TOKEN"
            } else {
                ""
            }
        );
        let _ = out.flush();
    })?;
    eprintln!("dateline: server stopped");
    Ok(ExitCode::SUCCESS)
}

/// `HOST:PORT`, where HOST is an IP address or `localhost`.
fn parse_addr(text: &str) -> anyhow::Result<SocketAddr> {
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(addr);
    }
    if let Some(port) = text.strip_prefix("localhost:") {
        let port: u16 = port
            .parse()
            .with_context(|| format!("--addr {text:?}: the port is not a number"))?;
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    // A host name: the first address it resolves to (checked like any other below).
    text.to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .with_context(|| format!("--addr {text:?}: expected HOST:PORT, e.g. 127.0.0.1:8080"))
}
