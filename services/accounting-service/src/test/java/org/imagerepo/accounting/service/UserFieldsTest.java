package org.imagerepo.accounting.service;

import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.support.identity.Role;
import org.imagerepo.support.identity.UserStatus;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks on a request that adds (POST /api/v1/users) or changes (PATCH) a user. */
class UserFieldsTest {

    @Test
    void anAdditionCarriesEveryField() {
        UserFields fields = UserFields.parse(Map.of("username", "alice", "role", "admin", "status", "activated",
                "quota", 8_589_934_592L), UserFields.ADD);
        assertEquals(new UserFields("alice", Role.ADMIN, UserStatus.ACTIVATED, 8_589_934_592L), fields);
    }

    @Test
    void anAbsentFieldIsNull() {
        UserFields fields = UserFields.parse(Map.of("quota", 0), UserFields.CHANGE);
        assertEquals(new UserFields(null, null, null, 0L), fields);
    }

    @Test
    void noBodyChangesNothing() {
        assertTrue(UserFields.parse(null, UserFields.CHANGE).isEmpty());
        assertTrue(UserFields.parse(Map.of(), UserFields.CHANGE).isEmpty());
    }

    @Test
    void aFieldTheRequestDoesNotTakeIsRefusedNamingTheOnesItDoes() {
        InvalidRequestException e = refused(Map.of("username", "bob"), UserFields.CHANGE);
        assertEquals("unknown-field", e.slug());
        assertEquals("Unknown field 'username': send only quota, role, status.", e.getMessage());
    }

    @Test
    void aUsernameIsAnLdapUid() {
        assertEquals("a.b_c@lab-1", UserFields.parse(Map.of("username", "a.b_c@lab-1"), UserFields.ADD).username());
        assertEquals("u".repeat(64), UserFields.parse(Map.of("username", "u".repeat(64)), UserFields.ADD).username());
        for (Object invalid : new Object[]{"al ice", "", "u".repeat(65), "al/ice", 42}) {
            assertEquals("invalid-username", refused(Map.of("username", invalid), UserFields.ADD).slug(), "" + invalid);
        }
        assertEquals("Invalid username 'al ice': use the user's LDAP uid, 1-64 letters, digits, '.', '_', '@' or '-'.",
                refused(Map.of("username", "al ice"), UserFields.ADD).getMessage());
    }

    @Test
    void aNullUsernameIsRefusedNotTakenAsAbsent() {
        Map<String, Object> body = new HashMap<>();
        body.put("username", null);
        assertEquals("Invalid username null: use the user's LDAP uid, 1-64 letters, digits, '.', '_', '@' or '-'.",
                refused(body, UserFields.ADD).getMessage());
    }

    @Test
    void aRoleIsAdminOrUserInLowerCase() {
        assertEquals(Role.USER, UserFields.parse(Map.of("role", "user"), UserFields.CHANGE).role());
        InvalidRequestException e = refused(Map.of("role", "Admin"), UserFields.CHANGE);
        assertEquals("invalid-role", e.slug());
        assertEquals("Invalid role 'Admin': use admin or user.", e.getMessage());
        assertEquals("Invalid role 1: use admin or user.", refused(Map.of("role", 1), UserFields.CHANGE).getMessage());
    }

    @Test
    void aStatusIsPendingActivatedOrDeactivated() {
        assertEquals(UserStatus.DEACTIVATED, UserFields.parse(Map.of("status", "deactivated"), UserFields.CHANGE).status());
        InvalidRequestException e = refused(Map.of("status", "active"), UserFields.CHANGE);
        assertEquals("invalid-status", e.slug());
        assertEquals("Invalid status 'active': use pending, activated or deactivated.", e.getMessage());
    }

    @Test
    void aQuotaIsAWholeNumberOfBytesZeroOrMore() {
        assertEquals(0L, UserFields.parse(Map.of("quota", 0), UserFields.CHANGE).quota());
        assertEquals(Long.MAX_VALUE, UserFields.parse(Map.of("quota", BigInteger.valueOf(Long.MAX_VALUE)),
                UserFields.CHANGE).quota());
        for (Object invalid : new Object[]{-1, 1.5, "8 GiB", BigInteger.ONE.shiftLeft(63)}) {
            assertEquals("invalid-quota", refused(Map.of("quota", invalid), UserFields.CHANGE).slug(), "" + invalid);
        }
        assertEquals("Invalid quota '8 GiB': give a whole number of bytes, 0 or more (8589934592 is 8 GiB).",
                refused(Map.of("quota", "8 GiB"), UserFields.CHANGE).getMessage());
    }

    private static InvalidRequestException refused(Map<String, Object> body, List<String> allowed) {
        return assertThrows(InvalidRequestException.class, () -> UserFields.parse(body, allowed));
    }
}
