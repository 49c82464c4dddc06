package org.imagerepo.accounting.repository.postgresql;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.imagerepo.accounting.model.UserAccount;

/** {@link UserAccount} in the PostgreSQL persistence unit (see UserRepository for why each database has one). */
@Entity
@Table(name = "accounting_users")
public class PostgresqlUserAccount extends UserAccount {
}
