@NullMarked
package io.chatservice.domain.room;

import org.jspecify.annotations.NullMarked;
