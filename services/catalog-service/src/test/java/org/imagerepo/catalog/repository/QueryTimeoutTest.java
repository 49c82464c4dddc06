package org.imagerepo.catalog.repository;

import org.imagerepo.support.DomainProblems;
import org.imagerepo.support.Problem;
import org.junit.jupiter.api.Test;

import java.sql.SQLTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryTimeoutTest {

    @Test
    void aQueryTheStoreStoppedIsA503QueryTimeoutThatSaysWhatToChange() {
        SQLTimeoutException stopped = new SQLTimeoutException("max_statement_time exceeded");

        Problem problem = DomainProblems.of(ImageStore.queryTimedOut(stopped));

        assertEquals(503, problem.status());
        assertTrue(problem.type().endsWith("/query-timeout"), problem.type());
        assertTrue(problem.detail().contains("stopped after 10 s"), problem.detail());
        assertTrue(problem.detail().contains("anchor it (name=^vm-01, not name=vm-01)"), problem.detail());
    }

    @Test
    void theCauseIsKeptForTheLog() {
        SQLTimeoutException stopped = new SQLTimeoutException("canceling statement due to statement timeout");

        assertEquals(stopped, ImageStore.queryTimedOut(stopped).getCause());
    }
}
