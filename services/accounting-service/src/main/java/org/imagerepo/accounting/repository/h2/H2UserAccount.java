package org.imagerepo.accounting.repository.h2;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.imagerepo.accounting.model.UserAccount;

/** {@link UserAccount} in the H2 persistence unit (see UserRepository for why each database has one). */
@Entity
@Table(name = "accounting_users")
public class H2UserAccount extends UserAccount {
}
