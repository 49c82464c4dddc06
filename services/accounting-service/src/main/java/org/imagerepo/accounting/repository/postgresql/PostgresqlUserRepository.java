package org.imagerepo.accounting.repository.postgresql;

import jakarta.enterprise.context.ApplicationScoped;
import org.imagerepo.accounting.repository.UserRepository;

@ApplicationScoped
public class PostgresqlUserRepository extends UserRepository<PostgresqlUserAccount> {

    @Override
    protected PostgresqlUserAccount newAccount() {
        return new PostgresqlUserAccount();
    }
}
