//! Reading textblob-aptagger's `trontagger-0.1.0.pickle` into a [`TaggerBuilder`].
//!
//! The pickle (protocol 2, written by Python 2) holds a tuple `(weights, tagdict, classes)`:
//! `weights` a dict of feature string → dict of class name → float, `tagdict` a dict of
//! word → class name, `classes` a set of class names. `serde-pickle` decodes it into
//! generic values; this module checks their shapes and hands them to the builder, which
//! turns feature strings into keys and weights into thousandths. It runs once, at setup
//! (`dateline-syntax-build`); the tagger itself reads the compact form.

use serde_pickle::{DeOptions, HashableValue, Value};

use crate::{ModelError, Tag, TaggerBuilder};

fn err(what: impl Into<String>) -> ModelError {
    ModelError::Pickle(what.into())
}

fn text_of(v: &HashableValue, what: &str) -> Result<String, ModelError> {
    match v {
        HashableValue::String(s) => Ok(s.clone()),
        HashableValue::Bytes(b) => String::from_utf8(b.clone())
            .map_err(|_| err(format!("{what}: bytes that are not UTF-8"))),
        other => Err(err(format!("{what}: expected a string, got {other:?}"))),
    }
}

fn tag_of(name: &str, what: &str) -> Result<Tag, ModelError> {
    Tag::from_name(name).ok_or_else(|| err(format!("{what}: {name:?} is not a Penn Treebank tag")))
}

/// Decodes the pickle's bytes.
pub fn builder_from_pickle(bytes: &[u8]) -> Result<TaggerBuilder, ModelError> {
    let value = serde_pickle::value_from_slice(bytes, DeOptions::new().decode_strings())
        .map_err(|e| err(e.to_string()))?;
    let Value::Tuple(parts) = value else {
        return Err(err("expected a tuple (weights, tagdict, classes)"));
    };
    let [weights, tagdict, classes]: [Value; 3] = parts
        .try_into()
        .map_err(|p: Vec<Value>| err(format!("expected 3 items in the tuple, got {}", p.len())))?;

    let mut b = TaggerBuilder::new();
    let class_names: Vec<HashableValue> = match classes {
        Value::Set(s) | Value::FrozenSet(s) => s.into_iter().collect(),
        Value::List(l) | Value::Tuple(l) => l
            .into_iter()
            .map(|v| v.into_hashable().map_err(|e| err(e.to_string())))
            .collect::<Result<_, _>>()?,
        _ => return Err(err("classes: expected a set")),
    };
    for c in &class_names {
        b.class(tag_of(&text_of(c, "classes")?, "classes")?);
    }

    let Value::Dict(tagdict) = tagdict else {
        return Err(err("tagdict: expected a dict"));
    };
    for (word, tag) in &tagdict {
        let word = text_of(word, "tagdict")?;
        let Value::String(tag) = tag else {
            return Err(err(format!("tagdict[{word:?}]: expected a string")));
        };
        b.word_tag(&word, tag_of(tag, "tagdict")?);
    }

    let Value::Dict(weights) = weights else {
        return Err(err("weights: expected a dict"));
    };
    for (feature, row) in &weights {
        let feature = text_of(feature, "weights")?;
        let Value::Dict(row) = row else {
            return Err(err(format!("weights[{feature:?}]: expected a dict")));
        };
        for (class, w) in row {
            let class = tag_of(&text_of(class, "weights")?, "weights")?;
            let w = match w {
                Value::F64(w) => *w,
                Value::I64(w) => *w as f64,
                other => {
                    return Err(err(format!(
                        "weights[{feature:?}]: expected a number, got {other:?}"
                    )));
                }
            };
            b.weight(&feature, class, w)?;
        }
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn s(x: &str) -> HashableValue {
        HashableValue::String(x.to_string())
    }

    /// A pickle shaped like textblob-aptagger's, made here (protocol 3 rather than 2, which
    /// the decoder reads alike).
    fn tiny_pickle(classes: Value) -> Vec<u8> {
        let mut w = BTreeMap::new();
        let mut row = BTreeMap::new();
        row.insert(s("NNP"), Value::F64(2.0));
        row.insert(s("NN"), Value::F64(-0.25));
        w.insert(s("i pref1 G"), Value::Dict(row));
        let mut row = BTreeMap::new();
        row.insert(s("VBD"), Value::F64(1.5));
        w.insert(s("i-1 tag NNP"), Value::Dict(row));
        w.insert(s("i word empty"), Value::Dict(BTreeMap::new()));
        let mut td = BTreeMap::new();
        td.insert(s("the"), Value::String("DT".into()));
        let v = Value::Tuple(vec![Value::Dict(w), Value::Dict(td), classes]);
        serde_pickle::value_to_vec(&v, serde_pickle::SerOptions::new()).unwrap()
    }

    fn classes(names: &[&str]) -> Value {
        Value::Set(names.iter().map(|n| s(n)).collect::<BTreeSet<_>>())
    }

    #[test]
    fn reads_a_pickle_of_the_reference_shape() {
        let bytes = tiny_pickle(classes(&["NN", "NNP", "VBD", "DT"]));
        let b = builder_from_pickle(&bytes).unwrap();
        assert_eq!(b.counts(), (4, 1, 2, 3));
        let t = b.build().unwrap();
        assert_eq!(
            t.tag(&["Germany", "protested", "the"]),
            vec![Tag::Nnp, Tag::Vbd, Tag::Dt]
        );
    }

    #[test]
    fn refuses_other_shapes() {
        let bytes = tiny_pickle(classes(&["NN", "NNP", "VBD", "HYPH"]));
        assert!(builder_from_pickle(&bytes).is_err());
        let bytes = serde_pickle::value_to_vec(
            &Value::List(vec![Value::I64(1)]),
            serde_pickle::SerOptions::new(),
        )
        .unwrap();
        assert!(builder_from_pickle(&bytes).is_err());
        assert!(builder_from_pickle(b"garbage").is_err());
        assert!(builder_from_pickle(&[]).is_err());
    }
}
