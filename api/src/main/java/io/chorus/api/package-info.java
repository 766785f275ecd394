/** The Chorus decision service: HTTP adapters over the engine, storage in PostgreSQL. */
package io.chorus.api;
