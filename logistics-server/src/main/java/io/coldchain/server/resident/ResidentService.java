package io.coldchain.server.resident;

import io.coldchain.server.security.Role;
import io.coldchain.server.security.UserAccounts;
import io.coldchain.server.web.InvalidFieldException;
import io.coldchain.server.web.NotFoundException;
import io.coldchain.server.web.Versions;
import jakarta.persistence.EntityManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional
public class ResidentService {

    private final ResidentRepository residents;
    private final UserAccounts accounts;
    private final EntityManager entityManager;

    ResidentService(ResidentRepository residents, UserAccounts accounts, EntityManager entityManager) {
        this.residents = residents;
        this.accounts = accounts;
        this.entityManager = entityManager;
    }

    /** Creates a resident and their RESIDENT login in one transaction. */
    public ResidentResponse register(NewResidentRequest request) {
        requireLockerBank("profile.preferredLockerBankId", request.profile().preferredLockerBankId());
        Resident resident = new Resident(request.profile().displayName());
        resident.update(request.profile());
        residents.saveAndFlush(resident);
        accounts.create(request.username(), request.password(), Role.RESIDENT, resident.id());
        return resident.toResponse();
    }

    @Transactional(readOnly = true)
    public ResidentResponse get(long id) {
        return find(id).toResponse();
    }

    public ResidentResponse update(long id, ResidentProfile profile) {
        Resident resident = find(id);
        Versions.check("resident", id, profile.version(), resident.version());
        requireLockerBank("preferredLockerBankId", profile.preferredLockerBankId());
        resident.update(profile);
        return residents.saveAndFlush(resident).toResponse();
    }

    private void requireLockerBank(String field, String id) {
        if (id == null) {
            return;
        }
        Number count = (Number) entityManager
                .createNativeQuery("select count(*) from locker_bank where id = :id")
                .setParameter("id", id)
                .getSingleResult();
        if (count.longValue() == 0) {
            throw new InvalidFieldException(field, "locker bank '" + id + "' does not exist");
        }
    }

    private Resident find(long id) {
        return residents.findById(id).orElseThrow(() -> new NotFoundException("resident", id));
    }
}
