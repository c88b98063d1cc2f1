-- Settings of the deployment as a whole, one text value per name, read by every node that
-- shares the database (the public URL that token issuers are based on, among them).
CREATE TABLE deployment_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
