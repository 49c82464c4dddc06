package org.imagerepo.accounting.repository.h2;

import jakarta.enterprise.context.ApplicationScoped;
import org.imagerepo.accounting.repository.UserRepository;

@ApplicationScoped
public class H2UserRepository extends UserRepository<H2UserAccount> {

    @Override
    protected H2UserAccount newAccount() {
        return new H2UserAccount();
    }
}
