package dev.servermonitor.api.auth;

import dev.servermonitor.api.user.UserView;

/**
 * What login, refresh and setup answer: {@code expiresIn} is the access token's lifetime in
 * seconds.
 */
public record TokenResponse(String accessToken, String refreshToken, long expiresIn, UserView user) {
}
