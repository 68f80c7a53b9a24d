@NullMarked
package io.chatservice.application.port.out;

import org.jspecify.annotations.NullMarked;
