/**
 * Contract tests of the out ports: abstract JUnit classes that state what every implementation of a port must
 * do, run once against the in-memory fakes (in this module) and once against the PostgreSQL adapters (in the
 * persistence module), so that the fakes the service tests rely on cannot drift from the real adapters.
 * Shipped in the test-jar for that reason.
 */
@NullMarked
package io.chatservice.application.testing.contract;

import org.jspecify.annotations.NullMarked;
