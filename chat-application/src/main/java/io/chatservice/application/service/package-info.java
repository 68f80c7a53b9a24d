@NullMarked
package io.chatservice.application.service;

import org.jspecify.annotations.NullMarked;
