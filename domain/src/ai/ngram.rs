//! Embeddings without a model: hashed n-grams. Each word and each character trigram of the
//! lower-cased text (words padded with spaces, so prefixes and suffixes count) is hashed to one of
//! `DIMENSIONS` slots with a hashed sign, and the vector is L2-normalised. Texts that share words
//! and word stems come out close in cosine terms; synonyms do not — that is what a model is for,
//! and the UI says AI is offline.

use crate::search::DIMENSIONS;

/// FNV-1a: small, fast, stable across builds and platforms (stored vectors stay comparable).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn add(v: &mut [f32], feature: &str, weight: f32) {
    let h = fnv1a(feature.as_bytes());
    let slot = (h % v.len() as u64) as usize;
    // The sign from other bits: collisions cancel out instead of piling up.
    let sign = if (h >> 63) == 0 { 1.0 } else { -1.0 };
    v[slot] += sign * weight;
}

pub fn embed(text: &str) -> Vec<f32> {
    let mut v = vec![0f32; DIMENSIONS];
    let lower = text.to_lowercase();
    for word in lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        add(&mut v, &format!("w:{word}"), 1.0);
        let padded: Vec<char> = format!(" {word} ").chars().collect();
        for tri in padded.windows(3) {
            add(&mut v, &tri.iter().collect::<String>(), 0.5);
        }
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::cosine;

    #[test]
    fn shared_words_are_close_and_vectors_are_normalised() {
        let a = embed("Helle 3-Zimmer-Wohnung mit Balkon in Wien");
        let b = embed("Wohnung in Wien mit großem Balkon, hell");
        let c = embed("Gewerbegrundstück an der Autobahn");
        assert_eq!(a.len(), DIMENSIONS);
        assert!((a.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4);
        assert!(cosine(&a, &b) > 0.4, "{}", cosine(&a, &b));
        assert!(cosine(&a, &c) < 0.15, "{}", cosine(&a, &c));
        assert_eq!(embed("x"), embed("x"), "stable");
        assert!(embed("").iter().all(|x| *x == 0.0));
    }
}
