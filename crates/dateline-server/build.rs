//! Country outlines for the web UI's map, made at build time from npm's `world-atlas`
//! (Natural Earth 1:110m, TopoJSON), which `scripts/setup.sh` installs into
//! `web/node_modules` (or give its `countries-110m.json` as `DATELINE_WORLD_ATLAS`).
//!
//! The TopoJSON is decoded here (quantised, delta-encoded arcs joined into rings) and
//! projected (equirectangular, 960 × 480 for the whole globe) into one SVG path per
//! country, written to `$OUT_DIR/countries.tsv` as `name<TAB>path` lines, which the binary
//! embeds: the page needs no script, no tiles and no network to draw the world. Without
//! the package the file is empty and the map page says how to get the outlines.

use serde_json::Value;
use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let source = std::env::var_os("DATELINE_WORLD_ATLAS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../web/node_modules/world-atlas/countries-110m.json"));
    println!("cargo:rerun-if-env-changed=DATELINE_WORLD_ATLAS");
    println!("cargo:rerun-if-changed={}", source.display());
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("countries.tsv");
    let tsv = match std::fs::read_to_string(&source) {
        Ok(text) => match outlines(&text) {
            Ok(tsv) => tsv,
            Err(why) => {
                println!("cargo:warning=map outlines: {}: {why}", source.display());
                String::new()
            }
        },
        Err(_) => {
            println!(
                "cargo:warning=map outlines: {} not found (run scripts/setup.sh, which installs npm world-atlas); the map will have no country outlines",
                source.display()
            );
            String::new()
        }
    };
    std::fs::write(out, tsv).expect("write the outlines to OUT_DIR");
}

/// Degrees to the map's units: 960 wide for 360°.
const SCALE: f64 = 960.0 / 360.0;

fn outlines(text: &str) -> Result<String, String> {
    let topo: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let scale = pair(&topo["transform"]["scale"]).ok_or("no transform.scale")?;
    let translate = pair(&topo["transform"]["translate"]).ok_or("no transform.translate")?;
    // Every arc as absolute longitude/latitude points.
    let arcs: Vec<Vec<(f64, f64)>> = topo["arcs"]
        .as_array()
        .ok_or("no arcs")?
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.as_array()
                .map(|points| {
                    points
                        .iter()
                        .filter_map(pair)
                        .map(|(dx, dy)| {
                            x += dx;
                            y += dy;
                            (x * scale.0 + translate.0, y * scale.1 + translate.1)
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let geometries = topo["objects"]["countries"]["geometries"]
        .as_array()
        .ok_or("no objects.countries.geometries")?;
    let mut out = String::new();
    for g in geometries {
        let name = g["properties"]["name"]
            .as_str()
            .unwrap_or("")
            .replace(['\t', '\n'], " ");
        let polygons: Vec<&Value> = match g["type"].as_str() {
            Some("Polygon") => vec![&g["arcs"]],
            Some("MultiPolygon") => g["arcs"]
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
            _ => continue,
        };
        let mut path = String::new();
        for polygon in polygons {
            for ring in polygon.as_array().into_iter().flatten() {
                let mut points: Vec<(f64, f64)> = Vec::new();
                for index in ring
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_i64)
                {
                    let (i, reversed) = if index < 0 {
                        (!index as usize, true)
                    } else {
                        (index as usize, false)
                    };
                    let Some(arc) = arcs.get(i) else { continue };
                    let mut part = arc.clone();
                    if reversed {
                        part.reverse();
                    }
                    // Consecutive arcs share their joining point.
                    let skip = usize::from(!points.is_empty());
                    points.extend(part.into_iter().skip(skip));
                }
                if points.len() < 3 {
                    continue;
                }
                // Rings that cross the antimeridian jump from +180° to -180°: unwrap the
                // longitudes so the ring stays continuous, then draw it once more shifted by
                // 360° so that the part past the edge appears on the other side. A ring
                // around a pole (Antarctica) never closes when unwrapped: it is left out
                // (the map is cropped at 60°S anyway).
                let mut unwrapped: Vec<(f64, f64)> = Vec::with_capacity(points.len());
                for &(lon, lat) in &points {
                    let mut lon = lon;
                    if let Some(&(prev, _)) = unwrapped.last() {
                        while lon - prev > 180.0 {
                            lon -= 360.0;
                        }
                        while prev - lon > 180.0 {
                            lon += 360.0;
                        }
                    }
                    unwrapped.push((lon, lat));
                }
                let drift = unwrapped[unwrapped.len() - 1].0 - unwrapped[0].0;
                if drift.abs() > 180.0 {
                    continue;
                }
                let lo = unwrapped.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
                let hi = unwrapped
                    .iter()
                    .map(|p| p.0)
                    .fold(f64::NEG_INFINITY, f64::max);
                let mut shifts = vec![0.0];
                if hi > 180.0 {
                    shifts.push(-360.0);
                }
                if lo < -180.0 {
                    shifts.push(360.0);
                }
                for shift in shifts {
                    let mut last = (f64::NAN, f64::NAN);
                    for (k, (lon, lat)) in unwrapped.iter().enumerate() {
                        let x = ((lon + shift + 180.0) * SCALE * 10.0).round() / 10.0;
                        let y = ((90.0 - lat) * SCALE * 10.0).round() / 10.0;
                        if (x, y) == last {
                            continue;
                        }
                        last = (x, y);
                        let _ = write!(path, "{}{x} {y}", if k == 0 { 'M' } else { 'L' });
                    }
                    path.push('Z');
                }
            }
        }
        if !path.is_empty() {
            let _ = writeln!(out, "{name}\t{path}");
        }
    }
    Ok(out)
}

fn pair(v: &Value) -> Option<(f64, f64)> {
    let a = v.as_array()?;
    Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?))
}
