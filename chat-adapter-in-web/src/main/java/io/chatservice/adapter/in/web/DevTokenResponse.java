package io.chatservice.adapter.in.web;

record DevTokenResponse(String token) {
}
