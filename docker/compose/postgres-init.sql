-- Run once by the postgres image on an empty data volume, after it made the database imagerepo (the catalog in
-- fs-postgres, accounting-service, trigger-service: each has its own tables and migration log) and its user.
-- Keycloak keeps its realm, users and sessions in a database of its own.
CREATE DATABASE keycloak OWNER imagerepo;
