/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 * rom-winner.asl - the _ROM design chosen in tests/vm/ROM-DESIGN.md, written
 * out by hand for the GPU at \_SB.PCI0.S08.S00 and the fw_cfg file
 * "opt/com.lion328/nvidia-rom" (at most 2 MiB); to be turned into a template.
 *
 * _ROM (Offset, Length) returns min (Length, 4096, Size - Offset) bytes
 * (an empty buffer past the end).  Two ways to reach Offset:
 *
 *  - fast: when QEMU has a vmgenid device (\VGIA: physical address of its
 *    4 KiB buffer, whose first 40 bytes are never used) and fw_cfg
 *    advertises DMA, one fw_cfg DMA "select + skip Offset" with the
 *    16-byte descriptor borrowed from those 40 bytes (saved and restored),
 *    then a 4 KiB read through the IndexField below.  ~5 ms per call under
 *    TCG at any offset.
 *  - fallback: an IndexField over the fw_cfg ports makes ACPICA do the
 *    per-byte port I/O in C: the "index" register is the data port (QEMU
 *    ignores byte writes there) and the "data" register is a 16-bit field
 *    over 0x510-0x511 (a byte read of either port returns the next data
 *    byte), so one index write fetches two bytes.  Blocks read are kept in
 *    a cache that grows by doubling, so reading the ROM front to back costs
 *    O(size) in total; the call that crosses half the ROM reads all of it.
 *
 * Every select+read sequence holds \_GL, as Linux's qemu_fw_cfg does.
 */
DefinitionBlock ("", "SSDT", 1, "OPTVF", "NVROM", 0x00000001)
{
    External (\_SB.PCI0.S08, DeviceObj)
    External (\_SB.PCI0.S08.S00, DeviceObj)
    External (\VGIA, IntObj)

    Scope (\_SB.PCI0.S08)
    {
        OperationRegion (FWIO, SystemIO, 0x0510, 0x02)
        Field (FWIO, WordAcc, NoLock, WriteAsZeros)
        {
            FSEL,   16
        }
        Field (FWIO, ByteAcc, NoLock, WriteAsZeros)
        {
            Offset (0x01),
            FIDX,   8
        }
        Field (FWIO, ByteAcc, NoLock, Preserve)
        {
            FDAT,   16
        }
        /* each unit sits at index 0: reading it consumes its width */
        IndexField (FIDX, FDAT, WordAcc, NoLock, Preserve) { F4K, 32768 }
        IndexField (FIDX, FDAT, WordAcc, NoLock, Preserve) { F040, 512 }
        IndexField (FIDX, FDAT, WordAcc, NoLock, Preserve) { F004, 32 }

        OperationRegion (FWDM, SystemIO, 0x0514, 0x08)
        Field (FWDM, DWordAcc, NoLock, Preserve)
        {
            DMAH,   32,
            DMAL,   32
        }

        Name (RNAM, Buffer () {"opt/com.lion328/nvidia-rom"})
        Name (RKEY, Zero)   /* fw_cfg select key of the file, 0 = not found */
        Name (RSIZ, Zero)   /* its size */
        Name (RDMA, Zero)   /* 1: use the DMA skip */
        Name (CACH, Package (0x0200) {})    /* 4 KiB blocks, 2 MiB */
        Name (NBLK, Zero)                   /* blocks cached */

        /* Byte-swap a 32-bit value. */
        Method (BSWP, 1, NotSerialized)
        {
            Local0 = (Arg0 & 0xFF) << 24
            Local0 |= (Arg0 & 0xFF00) << 8
            Local0 |= (Arg0 >> 8) & 0xFF00
            Local0 |= (Arg0 >> 24) & 0xFF
            Return (Local0)
        }

        /* Find the file, decide on DMA.  Caller holds \_GL. */
        Method (RFND, 0, Serialized)
        {
            FSEL = One                  /* feature bitmap, little-endian */
            If ((F004 & 0x02) && CondRefOf (\VGIA))
            {
                If (\VGIA != Zero)
                {
                    RDMA = One
                }
            }
            FSEL = 0x19                 /* file directory, big-endian */
            Local0 = BSWP (F004)
            Local1 = SizeOf (RNAM)
            While (Local0)
            {
                Local2 = F040
                If (Mid (Local2, 0x08, Local1) == RNAM)
                {
                    RSIZ = BSWP (ToInteger (Mid (Local2, Zero, 0x04)))
                    RKEY = (DerefOf (Local2 [0x04]) << 8) | DerefOf (Local2 [0x05])
                    Break
                }
                Local0--
            }
        }

        /*
         * One fw_cfg DMA transfer: select RKEY and skip Arg0 bytes.  The
         * descriptor borrows the first 16 of the 40 unused bytes of the
         * vmgenid buffer.  Returns the control word QEMU wrote back (0 = ok).
         */
        Method (RSKP, 1, Serialized)
        {
            OperationRegion (DMAS, SystemMemory, \VGIA, 0x10)
            Field (DMAS, DWordAcc, NoLock, Preserve)
            {
                DCTL,   32,
                DLEN,   32,
                DAHI,   32,
                DALO,   32
            }
            Local1 = DCTL
            Local2 = DLEN
            Local3 = DAHI
            Local4 = DALO
            DCTL = BSWP ((RKEY << 16) | 0x0C)   /* select | skip */
            DLEN = BSWP (Arg0)
            DAHI = Zero
            DALO = Zero
            DMAH = Zero
            DMAL = BSWP (\VGIA)                  /* starts the transfer */
            Local0 = DCTL
            DCTL = Local1
            DLEN = Local2
            DAHI = Local3
            DALO = Local4
            Return (Local0)
        }

        Method (ROMR, 2, Serialized)
        {
            Acquire (\_GL, 0xFFFF)
            If (RKEY == Zero)
            {
                RFND ()
            }
            If ((RKEY == Zero) || (Arg0 >= RSIZ))
            {
                Release (\_GL)
                Return (Buffer (Zero) {})
            }
            Local0 = Arg1
            If (Local0 > 0x1000)
            {
                Local0 = 0x1000
            }
            If (Local0 > (RSIZ - Arg0))
            {
                Local0 = RSIZ - Arg0
            }
            If (Local0 == Zero)
            {
                Release (\_GL)
                Return (Buffer (Zero) {})
            }

            If (RDMA)
            {
                If (RSKP (Arg0) == Zero)
                {
                    Local1 = F4K
                    Release (\_GL)
                    Return (Mid (Local1, Zero, Local0))
                }
                RDMA = Zero                     /* DMA failed: never again */
            }

            /* fallback: serve from the cache, growing it when needed */
            Local1 = (Arg0 + Local0 - One) >> 12
            If (Local1 >= NBLK)
            {
                Local2 = (Local1 + One) << One  /* twice what is needed */
                If (Local2 < 0x10)
                {
                    Local2 = 0x10
                }
                Local3 = (RSIZ + 0x0FFF) >> 12
                If (Local2 > Local3)
                {
                    Local2 = Local3
                }
                FSEL = RKEY
                Local4 = NBLK
                While (Local4)                  /* skip what is cached */
                {
                    Local5 = F4K
                    Local4--
                }
                While (NBLK < Local2)
                {
                    CACH [NBLK] = F4K
                    NBLK++
                }
            }
            Release (\_GL)
            Local2 = Arg0 & 0x0FFF
            Local3 = DerefOf (CACH [Arg0 >> 12])
            If ((Local2 + Local0) > 0x1000)
            {
                Concatenate (Local3, DerefOf (CACH [(Arg0 >> 12) + One]), Local3)
            }
            Return (Mid (Local3, Local2, Local0))
        }
    }

    /*
     * One table for both QEMU shapes: with bridge hotplug QEMU already made
     * S00 (with only _ADR); without it (ICH9-LPC.acpi-pci-hotplug-with-
     * bridge-support=off) there is no S00, so declare it first.  The table
     * is loaded as one method, in order, so the Scope finds S00 either way.
     */
    If (!CondRefOf (\_SB.PCI0.S08.S00))
    {
        Scope (\_SB.PCI0.S08)
        {
            Device (S00)
            {
                Name (_ADR, Zero)
            }
        }
    }

    Scope (\_SB.PCI0.S08.S00)
    {
        Method (_ROM, 2, NotSerialized)
        {
            Return (\_SB.PCI0.S08.ROMR (Arg0, Arg1))
        }
    }
}
