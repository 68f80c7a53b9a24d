@NullMarked
package io.chatservice.domain.shared;

import org.jspecify.annotations.NullMarked;
