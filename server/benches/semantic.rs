//! Semantic search on 100,000 properties on PostgreSQL (pgvector, HNSW cosine index): the
//! latency of the nearest-neighbour query and of the hybrid search (vectors fused with German
//! full-text), and the HNSW's recall@10 against the exact answer.
//!
//! The data is made inside PostgreSQL: 100,000 properties of one office with generated titles,
//! cities and descriptions, and 1536-dimensional vectors clustered around 200 centroids (a
//! uniform random cloud would be the index's worst case and unlike real embeddings). Queries are
//! perturbed centroids. The HNSW index is built after the load (timed).
//!
//! Needs PostgreSQL with pgvector, as `scripts/test-services start` provides:
//! `eval "$(scripts/test-services start)"; cargo bench -p server --bench semantic`
//! (`IMMIVO_BENCH_ROWS` changes the row count; the default is 100000).

#![allow(clippy::unwrap_used, clippy::expect_used)] // A benchmark fails loudly by design.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use domain::ai::Ai;
use domain::tenants::users;
use domain::{Db, search, seed};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use uuid::Uuid;

const PASSWORD: &str = "Demo-Passwort-2026";
const MODEL: &str = "bench-model";
const CLUSTERS: usize = 200;

fn rows() -> usize {
    std::env::var("IMMIVO_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

async fn database() -> Option<(String, String, String)> {
    let admin = std::env::var("IMMIVO_TEST_PG_ADMIN_URL").ok()?;
    let user = std::env::var("IMMIVO_TEST_PG_URL").ok()?;
    let name = format!("bench_semantic_{}", std::process::id());
    let conn = Database::connect(&admin).await.unwrap();
    conn.execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE immivo_template OWNER immivo")).await.unwrap();
    conn.close().await.unwrap();
    let url = format!("{}/{name}", user.rsplit_once('/').unwrap().0);
    Some((admin, name, url))
}

fn stmt(sql: &str) -> Statement {
    Statement::from_string(DbBackend::Postgres, sql.to_owned())
}

/// Loads the office's properties and their vectors, then builds the index; returns the
/// centroids (for queries).
async fn load(db: &Db, tenant: Uuid, n: usize) -> Vec<Vec<f32>> {
    let conn = db.connection();
    let started = Instant::now();
    conn.execute_unprepared("DROP INDEX IF EXISTS idx_embeddings_hnsw").await.unwrap();
    conn.execute_unprepared(&format!(
        "INSERT INTO properties (id, tenant_id, title, property_type, marketing_type, status, city, country,
            price_cents, rooms_tenths, description, features, external_ids, created_at, updated_at)
         SELECT gen_random_uuid(), '{tenant}',
            (ARRAY['Helle','Sonnige','Ruhige','Moderne','Sanierte','Großzügige'])[1 + i % 6] || ' ' ||
            (ARRAY['Altbauwohnung','Dachgeschosswohnung','Gartenwohnung','Maisonette','Penthouse','Stadtwohnung'])[1 + (i / 6) % 6] ||
            ' mit ' || (ARRAY['Balkon','Terrasse','Garten','Loggia','Lift','Tiefgarage'])[1 + (i / 36) % 6],
            'APARTMENT', 'BUY', 'ACTIVE',
            (ARRAY['Wien','Graz','Salzburg','Linz','Innsbruck','München','Berlin','Hamburg','Zürich','Basel'])[1 + i % 10], 'AT',
            (150000 + (i * 7919) % 1500000) * 100, 20 + (i % 40),
            'Objekt ' || i || ': ' || (ARRAY['nahe Park','zentrale Lage','ruhige Seitengasse','Blick ins Grüne','U-Bahn ums Eck'])[1 + i % 5],
            '[]', '{{}}', now(), now()
         FROM generate_series(1, {n}) AS i"
    ))
    .await
    .unwrap();
    conn.execute_unprepared(&format!(
        "CREATE TABLE bench_centroids AS
            SELECT c, array_agg(random() * 2 - 1 ORDER BY d) AS v
            FROM generate_series(0, {}) c, generate_series(1, 1536) d GROUP BY c",
        CLUSTERS - 1
    ))
    .await
    .unwrap();
    conn.execute_unprepared(&format!(
        "INSERT INTO embeddings (id, tenant_id, entity_kind, entity_id, model, content_hash, updated_at, vector)
         SELECT gen_random_uuid(), p.tenant_id, 'property', p.id, '{MODEL}', 'bench', now(),
            (SELECT array_agg(x + 0.35 * (random() * 2 - 1) ORDER BY o) FROM unnest(c.v) WITH ORDINALITY AS u(x, o))::vector
         FROM properties p JOIN bench_centroids c ON c.c = abs(hashtext(p.id::text)) % {CLUSTERS}
         WHERE p.tenant_id = '{tenant}'"
    ))
    .await
    .unwrap();
    let loaded = started.elapsed();
    let started = Instant::now();
    conn.execute_unprepared("SET maintenance_work_mem = '1GB'").await.unwrap();
    conn.execute_unprepared("CREATE INDEX idx_embeddings_hnsw ON embeddings USING hnsw (vector vector_cosine_ops)")
        .await
        .unwrap();
    conn.execute_unprepared("ANALYZE embeddings; ANALYZE properties").await.unwrap();
    println!("loaded {n} properties with vectors in {loaded:.1?}; HNSW index built in {:.1?}", started.elapsed());
    let rows = conn
        .query_all(stmt("SELECT v::text AS v FROM (SELECT v::real[]::vector AS v FROM bench_centroids ORDER BY c) x"))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            let text: String = r.try_get("", "v").unwrap();
            text.trim_matches(['[', ']']).split(',').map(|x| x.parse().unwrap()).collect()
        })
        .collect()
}

fn perturbed(centroid: &[f32], seed: u64) -> Vec<f32> {
    // A small deterministic wobble, so queries are near a cluster but not on a stored point.
    centroid
        .iter()
        .enumerate()
        .map(|(i, x)| x + (((i as u64 * 2654435761 + seed * 40503) % 1000) as f32 / 1000.0 - 0.5) * 0.5)
        .collect()
}

/// The exact top 10 (sequential scan, no index), in the office's scope as the app queries.
async fn exact(db: &Db, tenant: Uuid, q: &[f32]) -> Vec<Uuid> {
    let literal = format!("[{}]", q.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(","));
    let tx = db.tenant_read(model::TenantId(tenant)).await.unwrap();
    tx.execute_unprepared("SET LOCAL enable_indexscan = off").await.unwrap();
    let rows = tx
        .query_all(stmt(&format!(
            "SELECT entity_id FROM embeddings WHERE tenant_id = '{tenant}' AND model = '{MODEL}'
             ORDER BY vector <=> '{literal}'::vector LIMIT 10"
        )))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    rows.iter().map(|r| r.try_get("", "entity_id").unwrap()).collect()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let Some((admin_url, name, url)) = rt.block_on(database()) else {
        eprintln!("semantic: no PostgreSQL (run `eval \"$(scripts/test-services start)\"` first); skipped");
        return;
    };
    let n = rows();
    let (db, ctx, centroids) = rt.block_on(async {
        let db = Db::connect(&url, 4).await.unwrap();
        Migrator::up(db.connection(), None).await.unwrap();
        seed::seed_demo(&db, PASSWORD).await.unwrap();
        let ctx = users::authenticate(&db, "admin@demo.immivo.local", PASSWORD).await.unwrap();
        // The loading needs the owner's rights (it bypasses the office's scope): a superuser connection.
        let owner = Db::connect(&format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0), 2).await.unwrap();
        let centroids = load(&owner, ctx.tenant_id.0, n).await;
        (db, ctx, centroids)
    });

    // Recall@10 of the index against the exact answer, over 50 queries.
    let recall = rt.block_on(async {
        let mut sum = 0.0;
        for (i, centroid) in centroids.iter().take(50).enumerate() {
            let q = perturbed(centroid, i as u64);
            let truth: HashSet<Uuid> = exact(&db, ctx.tenant_id.0, &q).await.into_iter().collect();
            let found = search::nearest(&db, ctx.tenant_id, search::Kind::Properties, MODEL, &q, 10).await.unwrap();
            sum += found.iter().filter(|(id, _)| truth.contains(id)).count() as f64 / truth.len().max(1) as f64;
        }
        sum / 50.0
    });
    println!("HNSW recall@10 over 50 queries on {n} vectors: {:.3}", recall);

    let mut group = c.benchmark_group(format!("semantic_{n}"));
    group.sample_size(50).measurement_time(Duration::from_secs(20));
    let mut i = 0u64;
    group.bench_function("nearest_10_hnsw", |b| {
        b.to_async(&rt).iter(|| {
            i += 1;
            let q = perturbed(&centroids[(i as usize) % CLUSTERS], i);
            let db = db.clone();
            async move { search::nearest(&db, ctx.tenant_id, search::Kind::Properties, MODEL, &q, 10).await.unwrap() }
        })
    });
    let mut j = 0u64;
    group.bench_function("exact_10_seqscan", |b| {
        b.to_async(&rt).iter(|| {
            j += 1;
            let q = perturbed(&centroids[(j as usize) % CLUSTERS], j);
            let db = db.clone();
            async move { exact(&db, ctx.tenant_id.0, &q).await }
        })
    });
    group.finish();
    // The hybrid search embeds its query with the configured model; with vectors of the bench
    // model it measures the full-text side, the fusion and the visibility filter on 100k rows.
    let ai = Arc::new(Ai::offline());
    let mut group = c.benchmark_group(format!("hybrid_{n}"));
    group.sample_size(30).measurement_time(Duration::from_secs(20));
    group.bench_function("hybrid_search_text_side", |b| {
        b.to_async(&rt).iter(|| {
            let (db, ai) = (db.clone(), ai.clone());
            async move {
                search::hybrid(
                    &db,
                    &ctx,
                    &ai,
                    "sonnige Maisonette mit Terrasse nahe Park",
                    Some(search::Kind::Properties),
                    10,
                )
                .await
                .unwrap()
            }
        })
    });
    group.finish();
    rt.block_on(async {
        db.connection().clone().close().await.ok();
        let conn = Database::connect(&admin_url).await.unwrap();
        conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.unwrap();
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
