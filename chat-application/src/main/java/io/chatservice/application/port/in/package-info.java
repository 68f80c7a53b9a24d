@NullMarked
package io.chatservice.application.port.in;

import org.jspecify.annotations.NullMarked;
