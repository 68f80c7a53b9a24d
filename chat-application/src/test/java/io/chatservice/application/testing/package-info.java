/**
 * In-memory fakes of every out port and a factory wiring the services over them. Shipped in the test-jar,
 * so that adapter and bootstrap tests can drive the real use cases without a database.
 */
@NullMarked
package io.chatservice.application.testing;

import org.jspecify.annotations.NullMarked;
