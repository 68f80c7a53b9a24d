@NullMarked
package io.chatservice.domain.message;

import org.jspecify.annotations.NullMarked;
