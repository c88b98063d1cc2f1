-- The pools' token-signing keys, in generations: one key for ID tokens and one for access
-- tokens per generation, the newest of each signing and all of them verifying until retired.
-- The keys each pool document held become its generation 1, and leave the document.
CREATE TABLE pool_signing_keys (
    pool_id TEXT NOT NULL,
    generation INTEGER NOT NULL,
    token_use TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    sealed TEXT NOT NULL,
    PRIMARY KEY (pool_id, generation, token_use)
);

INSERT INTO pool_signing_keys (pool_id, generation, token_use, created_ms, sealed)
SELECT id, 1, 'id', json_extract(doc, '$.created_ms'), json_extract(doc, '$.keys.id_token')
FROM user_pools
WHERE json_extract(doc, '$.keys.id_token') IS NOT NULL;

INSERT INTO pool_signing_keys (pool_id, generation, token_use, created_ms, sealed)
SELECT id, 1, 'access', json_extract(doc, '$.created_ms'), json_extract(doc, '$.keys.access_token')
FROM user_pools
WHERE json_extract(doc, '$.keys.access_token') IS NOT NULL;

UPDATE user_pools SET doc = json_remove(doc, '$.keys')
WHERE json_extract(doc, '$.keys') IS NOT NULL;
